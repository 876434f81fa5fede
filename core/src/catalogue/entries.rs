//! The built-in services. Every fact below comes from the vendor's own documentation, cited in
//! `sources`; where a vendor publishes nothing for a field, the comment says so and the field is
//! left empty rather than filled with names seen elsewhere. The provider is the company the
//! vendor's privacy policy names as processing the data of a visitor in Kazakhstan, the country
//! where that company is established; a lifetime is listed only where the vendor's documentation
//! gives one for that very cookie or key (the declaration says "not stated" for the rest). Cookie and storage patterns follow
//! `config::rules::is_cookie_pattern` (a name, or a prefix ending in `*`); hosts follow
//! `config::rules::is_host_pattern` (a host, or `*.domain` for a domain and its subdomains).
//! The sources are left out of the WebAssembly widget, which never shows them.

#[cfg(not(target_arch = "wasm32"))]
use super::Lifetime;
use super::{CatalogueEntry, Descriptions, ServiceCategory};
#[cfg(not(target_arch = "wasm32"))]
use crate::texts::Unit;

pub(super) const ENTRIES: &[CatalogueEntry] = &[
    // Yandex names the visitor id cookie `_ym_uid` in its own Prebid.js module documentation; the
    // tag keeps its other first-party cookies under the same `_ym_` prefix, which Yandex's help
    // page on the tag's cookies lists in full. The tag and its hits are served from mc.yandex.ru
    // (the tag code and the deferred-loading example in Yandex's help). Yandex documents no
    // localStorage keys for the tag, so none are listed.
    // Yandex's privacy policy names ООО «ЯНДЕКС» (Moscow) as the company that processes the data;
    // the lifetimes of the `_ym_` cookies are not cited here, so the declaration says none is stated.
    CatalogueEntry {
        id: "yandex-metrika",
        name: "Яндекс Метрика",
        category: ServiceCategory::Analytics,
        cookies: &["_ym_*"],
        storage: &[],
        hosts: &["mc.yandex.ru"],
        policy_url: "https://yandex.ru/legal/confidential/",
        description: Descriptions {
            ru: "Статистика посещений Яндекса: какие страницы вы смотрите, откуда пришли, устройство и браузер; ставит cookie с идентификатором посетителя.",
            kk: "Яндекстің келу статистикасы: қай беттерді қарайсыз, қайдан келдіңіз, құрылғы мен браузер; келушінің идентификаторы бар cookie орнатады.",
            en: "Yandex's visit statistics: the pages you view, where you came from, your device and browser; sets a cookie with a visitor id.",
        },
        country: Some("RU"),
        #[cfg(not(target_arch = "wasm32"))]
        provider: Some("ООО «ЯНДЕКС»"),
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://docs.prebid.org/dev-docs/modules/userid-submodules/yandex.html",
            "https://yandex.com/support/metrica/general/how-it-works.xml",
            "https://yandex.com/support/metrica/en/general/notification",
            "https://yandex.ru/legal/confidential/",
        ],
    },
    // Google's "[GA4] Cookie usage on websites" lists exactly `_ga` and `_ga_<container-id>`. The
    // hosts are the ones Google's Content Security Policy guide gives for Google Analytics 4
    // (the gtag.js script itself comes from www.googletagmanager.com: see google-tag-manager).
    // The same page gives both cookies a default lifetime of 2 years; Google's privacy policy
    // names Google LLC (USA) for visitors outside the EEA, the UK and Switzerland.
    CatalogueEntry {
        id: "google-analytics",
        name: "Google Analytics 4",
        category: ServiceCategory::Analytics,
        cookies: &["_ga", "_ga_*"],
        storage: &[],
        hosts: &["*.google-analytics.com", "*.analytics.google.com"],
        policy_url: "https://policies.google.com/privacy",
        description: Descriptions {
            ru: "Статистика посещений Google: просмотренные страницы, действия на сайте, устройство и примерное место; ставит cookie _ga с идентификатором.",
            kk: "Google келу статистикасы: қаралған беттер, сайттағы әрекеттер, құрылғы және шамамен орналасқан жер; идентификаторы бар _ga cookie орнатады.",
            en: "Google's visit statistics: pages viewed, actions on the site, device and approximate location; sets the _ga cookie with an id.",
        },
        country: Some("US"),
        #[cfg(not(target_arch = "wasm32"))]
        provider: Some("Google LLC"),
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[("_ga", Lifetime::Of(2, Unit::Year)), ("_ga_*", Lifetime::Of(2, Unit::Year))],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://support.google.com/analytics/answer/11397207",
            "https://developers.google.com/tag-platform/security/guides/csp",
            "https://policies.google.com/privacy",
        ],
    },
    // Tag Manager's container sets no cookie of its own (the tags it fires do, and are listed
    // under their own services); its script comes from www.googletagmanager.com, the host
    // Google's CSP guide names for the container and for gtag.js.
    // Google's privacy policy names Google LLC (USA).
    CatalogueEntry {
        id: "google-tag-manager",
        name: "Google Tag Manager",
        category: ServiceCategory::Analytics,
        cookies: &[],
        storage: &[],
        hosts: &["www.googletagmanager.com"],
        policy_url: "https://policies.google.com/privacy",
        description: Descriptions {
            ru: "Загрузчик Google, через который сайт подключает другие счётчики и пиксели; сам получает адрес страницы и данные браузера.",
            kk: "Сайт басқа есептегіштер мен пиксельдерді қосатын Google жүктеушісі; өзі бет мекенжайы мен браузер деректерін алады.",
            en: "Google's loader through which the site adds other counters and pixels; it receives the page address and browser details itself.",
        },
        country: Some("US"),
        #[cfg(not(target_arch = "wasm32"))]
        provider: Some("Google LLC"),
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://developers.google.com/tag-platform/security/guides/csp",
            "https://policies.google.com/privacy",
        ],
    },
    // Google documents the `_gac_<property-id>` and `_gcl_` campaign cookies in "About the _gac
    // cookie", and `IDE` (stored under doubleclick.net) in "How Google uses cookies". The hosts
    // are those of Google's CSP guide for Google Ads conversions and remarketing.
    // Google's cookie reference for its tags gives `_gac_<property-id>` 90 days; it gives no lifetime
    // for `_gcl_*` or `IDE` that is cited here. Google's privacy policy names Google LLC (USA).
    CatalogueEntry {
        id: "google-ads",
        name: "Google Ads",
        category: ServiceCategory::Advertising,
        cookies: &["_gcl_*", "_gac_*", "IDE"],
        storage: &[],
        hosts: &["www.googleadservices.com", "*.doubleclick.net"],
        policy_url: "https://policies.google.com/privacy",
        description: Descriptions {
            ru: "Реклама Google: отмечает, что вы пришли по объявлению и совершили действие на сайте, и показывает вам рекламу на других сайтах.",
            kk: "Google жарнамасы: хабарландыру арқылы келіп, сайтта әрекет жасағаныңызды белгілейді және басқа сайттарда сізге жарнама көрсетеді.",
            en: "Google's advertising: records that you came from an ad and acted on the site, and shows you ads on other sites.",
        },
        country: Some("US"),
        #[cfg(not(target_arch = "wasm32"))]
        provider: Some("Google LLC"),
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[("_gac_*", Lifetime::Of(90, Unit::Day))],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://support.google.com/analytics/answer/7519794",
            "https://policies.google.com/technologies/cookies",
            "https://developers.google.com/tag-platform/security/guides/csp",
            "https://developers.google.com/analytics/resources/concepts/gaConceptsCookies",
            "https://policies.google.com/privacy",
        ],
    },
    // Yandex Direct has no site tag of its own: its conversions are counted by the Metrica tag
    // (list yandex-metrika too). Its click id arrives as the `yclid` URL parameter, and Yandex's
    // help stores it in a first-party cookie named `yclid`. Yandex documents no hosts for Direct
    // on a site.
    // Yandex's privacy policy names ООО «ЯНДЕКС» (Moscow).
    CatalogueEntry {
        id: "yandex-direct",
        name: "Яндекс Директ",
        category: ServiceCategory::Advertising,
        cookies: &["yclid"],
        storage: &[],
        hosts: &[],
        policy_url: "https://yandex.ru/legal/confidential/",
        description: Descriptions {
            ru: "Реклама Яндекса: запоминает, по какому объявлению вы пришли, чтобы посчитать заявки и покупки после клика.",
            kk: "Яндекс жарнамасы: шертуден кейінгі өтінімдер мен сатып алуларды санау үшін қай хабарландыру арқылы келгеніңізді есте сақтайды.",
            en: "Yandex's advertising: remembers which ad brought you here, to count requests and purchases after the click.",
        },
        country: Some("RU"),
        #[cfg(not(target_arch = "wasm32"))]
        provider: Some("ООО «ЯНДЕКС»"),
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://yandex.com/support/metrica/en/data/get-yclid",
            "https://yandex.ru/legal/confidential/",
        ],
    },
    // Meta documents the `_fbp` (browser id) and `_fbc` (click id) first-party cookies; the base
    // code loads connect.facebook.net/…/fbevents.js and falls back to an image from
    // www.facebook.com/tr.
    // Meta's privacy policy names Meta Platforms, Inc. (USA) for people outside the EU; the
    // cookies' lifetimes are not stated on the pages cited.
    CatalogueEntry {
        id: "meta-pixel",
        name: "Meta Pixel",
        category: ServiceCategory::Advertising,
        cookies: &["_fbp", "_fbc"],
        storage: &[],
        hosts: &["connect.facebook.net", "www.facebook.com"],
        policy_url: "https://www.facebook.com/privacy/policy/",
        description: Descriptions {
            ru: "Пиксель Meta (Facebook, Instagram): передаёт посещённые страницы и действия, чтобы связать их с вашим аккаунтом и показывать рекламу.",
            kk: "Meta пикселі (Facebook, Instagram): қаралған беттер мен әрекеттерді аккаунтыңызбен байланыстырып, жарнама көрсету үшін жібереді.",
            en: "Meta's pixel (Facebook, Instagram): sends pages visited and actions, to match them with your account and show you ads.",
        },
        country: Some("US"),
        #[cfg(not(target_arch = "wasm32"))]
        provider: Some("Meta Platforms, Inc."),
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/fbp-and-fbc/",
            "https://developers.facebook.com/docs/meta-pixel/get-started",
            "https://www.facebook.com/privacy/policy/",
        ],
    },
    // VK documents its retargeting pixel as requests to https://vk.com/rtrg; VK Ads' current pixel
    // is the Top.Mail.ru counter (VK Ads' own plugin says so), listed as top-mail-ru. VK publishes
    // no list of the cookies either sets on a site.
    // VK's rules on user information name ООО «В Контакте» (St. Petersburg, Russia).
    CatalogueEntry {
        id: "vk-pixel",
        name: "VK Реклама (пиксель)",
        category: ServiceCategory::Advertising,
        cookies: &[],
        storage: &[],
        hosts: &["vk.com"],
        policy_url: "https://vk.com/privacy",
        description: Descriptions {
            ru: "Пиксель VK Рекламы: отмечает ваше посещение, чтобы показывать рекламу во ВКонтакте и считать результаты рекламы.",
            kk: "VK Жарнама пикселі: ВКонтакте-де жарнама көрсету және жарнама нәтижесін санау үшін келуіңізді белгілейді.",
            en: "VK Ads' pixel: records your visit, to show you ads on VK and measure the ads' results.",
        },
        country: Some("RU"),
        #[cfg(not(target_arch = "wasm32"))]
        provider: Some("ООО «В Контакте»"),
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://vkcom.github.io/vk-ads-retargeting-demo/nojs.html",
            "https://ru.wordpress.org/plugins/vk-ads-pixel/",
            "https://vk.com/privacy",
        ],
    },
    // The counter code Top.Mail.ru generates loads top-fwz1.mail.ru/js/code.js and, without
    // JavaScript, an image from top-fwz1.mail.ru/counter. VK publishes no cookie list for it.
    // The counter's privacy policy is VK's: ООО «ВК» (Russia).
    CatalogueEntry {
        id: "top-mail-ru",
        name: "Top.Mail.ru",
        category: ServiceCategory::Analytics,
        cookies: &[],
        storage: &[],
        hosts: &["top-fwz1.mail.ru"],
        policy_url: "https://help.mail.ru/legal/terms/top/pp",
        description: Descriptions {
            ru: "Счётчик VK (Top.Mail.ru): статистика посещений и действий на сайте; также служит пикселем VK Рекламы.",
            kk: "VK есептегіші (Top.Mail.ru): сайттағы келулер мен әрекеттер статистикасы; VK Жарнама пикселі ретінде де қолданылады.",
            en: "VK's counter (Top.Mail.ru): statistics of visits and actions on the site; also serves as the VK Ads pixel.",
        },
        country: Some("RU"),
        #[cfg(not(target_arch = "wasm32"))]
        provider: Some("ООО «ВК»"),
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://ru.wordpress.org/plugins/vk-ads-pixel/",
            "https://help.mail.ru/legal/terms/top/pp",
        ],
    },
    // TikTok's help on using cookies with the pixel describes its first-party cookie, `_ttp`; the
    // pixel's base code loads analytics.tiktok.com/i18n/pixel/events.js.
    // TikTok's privacy policy for visitors outside the US, the EEA, the UK and Switzerland names
    // TikTok Pte. Ltd. (Singapore); the pages cited give no lifetime for `_ttp`.
    CatalogueEntry {
        id: "tiktok-pixel",
        name: "TikTok Pixel",
        category: ServiceCategory::Advertising,
        cookies: &["_ttp"],
        storage: &[],
        hosts: &["analytics.tiktok.com"],
        policy_url: "https://www.tiktok.com/legal/page/row/privacy-policy/en",
        description: Descriptions {
            ru: "Пиксель TikTok: передаёт посещённые страницы и действия, чтобы связать их с пользователями TikTok и показывать рекламу.",
            kk: "TikTok пикселі: TikTok пайдаланушыларымен байланыстырып, жарнама көрсету үшін қаралған беттер мен әрекеттерді жібереді.",
            en: "TikTok's pixel: sends pages visited and actions, to match them with TikTok users and show you ads.",
        },
        country: Some("SG"),
        #[cfg(not(target_arch = "wasm32"))]
        provider: Some("TikTok Pte. Ltd."),
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://ads.tiktok.com/help/article/using-cookies-with-tiktok-pixel",
            "https://ads.tiktok.com/help/article/how-to-use-cookies-with-tiktok-pixel",
            "https://www.tiktok.com/legal/page/row/privacy-policy/en",
        ],
    },
    // Hotjar's cookie list names every cookie and storage key of its tracking code with the
    // `_hj` prefix (`_hjSessionUser_<site id>`, `_hjSession_<site id>`, `_hjid`, … and
    // `_hjRecordingLastActivity` in sessionStorage); its CSP help lists *.hotjar.com and
    // *.hotjar.io.
    // Hotjar's privacy policy names Hotjar Ltd (Malta); the lifetimes of the `_hj` cookies are not
    // cited here.
    CatalogueEntry {
        id: "hotjar",
        name: "Hotjar",
        category: ServiceCategory::Analytics,
        cookies: &["_hj*"],
        storage: &["_hj*"],
        hosts: &["*.hotjar.com", "*.hotjar.io"],
        policy_url: "https://www.hotjar.com/legal/policies/privacy/",
        description: Descriptions {
            ru: "Тепловые карты и записи сеансов Hotjar: движения мыши, клики, прокрутка и размер экрана на страницах сайта.",
            kk: "Hotjar жылу карталары мен сеанс жазбалары: сайт беттеріндегі тінтуір қозғалысы, шертулер, айналдыру және экран өлшемі.",
            en: "Hotjar's heatmaps and session recordings: mouse movement, clicks, scrolling and screen size on the site's pages.",
        },
        country: Some("MT"),
        #[cfg(not(target_arch = "wasm32"))]
        provider: Some("Hotjar Ltd"),
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://help.hotjar.com/hc/en-us/articles/6952777582999-Cookies-Set-by-the-Hotjar-Tracking-Code",
            "https://help.hotjar.com/hc/en-us/articles/115011640307-Content-Security-Policy-CSP",
            "https://www.hotjar.com/legal/policies/privacy/",
        ],
    },
    // The widget code Jivo gives loads code.jivosite.com/script/widget/<id>; Jivo's widget API
    // documentation publishes no list of the cookies or storage keys the widget sets.
    // The privacy policies of Jivo's sites name different companies (in Russia, Brazil, the USA), so
    // neither the provider nor the country is given.
    CatalogueEntry {
        id: "jivo",
        name: "Jivo",
        category: ServiceCategory::Functional,
        cookies: &[],
        storage: &[],
        hosts: &["*.jivosite.com"],
        policy_url: "https://www.jivochat.com/privacy/",
        description: Descriptions {
            ru: "Онлайн-чат Jivo: окно переписки с менеджером; получает ваши сообщения, контакты, если вы их оставите, и адрес страницы.",
            kk: "Jivo онлайн-чаты: менеджермен хат алмасу терезесі; хабарларыңызды, қалдырсаңыз байланыс деректеріңізді және бет мекенжайын алады.",
            en: "Jivo's live chat: a window to write to a manager; receives your messages, your contact details if you leave them, and the page address.",
        },
        country: None,
        #[cfg(not(target_arch = "wasm32"))]
        provider: None,
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &["https://www.jivochat.com/docs/widget/"],
    },
    // The site widget code a Bitrix24 portal gives loads …/crm/site_button/loader_….js from its
    // portal's CDN (cdn.bitrix24.ru, cdn-ru.bitrix24.ru, cdn.bitrix24.com); Bitrix24 publishes no
    // list of the widget's cookies.
    // Bitrix24's portals are run by different companies by region, so neither the provider nor the
    // country is given.
    CatalogueEntry {
        id: "bitrix24",
        name: "Битрикс24 (виджет на сайт)",
        category: ServiceCategory::Functional,
        cookies: &[],
        storage: &[],
        hosts: &["*.bitrix24.ru", "*.bitrix24.com"],
        policy_url: "https://www.bitrix24.com/privacy/",
        description: Descriptions {
            ru: "Виджет Битрикс24: чат, обратный звонок и формы заявок; передаёт ваши сообщения и контакты в CRM компании.",
            kk: "Битрикс24 виджеті: чат, кері қоңырау және өтінім формалары; хабарларыңыз бен байланыс деректеріңізді компанияның CRM жүйесіне жібереді.",
            en: "Bitrix24's widget: chat, call-back and request forms; sends your messages and contact details to the company's CRM.",
        },
        country: None,
        #[cfg(not(target_arch = "wasm32"))]
        provider: None,
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://dev.1c-bitrix.ru/api_help/crm/forms.php",
            "https://helpdesk.bitrix24.com/open/20303858/",
        ],
    },
    // YouTube's embedding help describes privacy-enhanced mode (www.youtube-nocookie.com, no
    // viewing cookies until the video plays); "How Google uses cookies" names YouTube's `YSC`
    // session cookie.
    // The same page says `YSC` lasts for the browser session; Google's privacy policy names Google LLC
    // (USA).
    CatalogueEntry {
        id: "youtube",
        name: "YouTube",
        category: ServiceCategory::Functional,
        cookies: &["YSC"],
        storage: &[],
        hosts: &["*.youtube.com", "*.youtube-nocookie.com"],
        policy_url: "https://policies.google.com/privacy",
        description: Descriptions {
            ru: "Видео YouTube на странице: Google получает ваш IP-адрес и данные браузера, а после запуска видео — что и как долго вы смотрели.",
            kk: "Беттегі YouTube бейнесі: Google IP мекенжайыңыз бен браузер деректерін, ал бейне қосылғаннан кейін не және қанша уақыт көргеніңізді алады.",
            en: "YouTube videos on the page: Google receives your IP address and browser details and, once a video plays, what you watched and for how long.",
        },
        country: Some("US"),
        #[cfg(not(target_arch = "wasm32"))]
        provider: Some("Google LLC"),
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[("YSC", Lifetime::Session)],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://support.google.com/youtube/answer/171780",
            "https://policies.google.com/technologies/cookies",
            "https://policies.google.com/privacy",
        ],
    },
    // The JavaScript API of Yandex Maps loads from api-maps.yandex.ru (enterprise.api-maps.yandex.ru
    // for commercial keys); Yandex documents no cookies the API sets on a site.
    // Yandex's privacy policy names ООО «ЯНДЕКС» (Moscow).
    CatalogueEntry {
        id: "yandex-maps",
        name: "Яндекс Карты",
        category: ServiceCategory::Functional,
        cookies: &[],
        storage: &[],
        hosts: &["api-maps.yandex.ru", "enterprise.api-maps.yandex.ru"],
        policy_url: "https://yandex.ru/legal/confidential/",
        description: Descriptions {
            ru: "Карта Яндекса на странице: Яндекс получает ваш IP-адрес, данные браузера и то, какую часть карты вы смотрите.",
            kk: "Беттегі Яндекс картасы: Яндекс IP мекенжайыңызды, браузер деректерін және картаның қай бөлігін қарайтыныңызды алады.",
            en: "A Yandex map on the page: Yandex receives your IP address, browser details and which part of the map you look at.",
        },
        country: Some("RU"),
        #[cfg(not(target_arch = "wasm32"))]
        provider: Some("ООО «ЯНДЕКС»"),
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://yandex.com/dev/jsapi-v2-1/doc/en/v2-1/dg/concepts/load",
            "https://yandex.ru/legal/confidential/",
        ],
    },
    // 2GIS's MapGL JS API loads from mapgl.2gis.com, its RasterJS API from maps.api.2gis.ru; 2GIS
    // documents no cookies for either.
    // 2GIS's own documentation cited here does not name the company or its country, so neither is
    // given.
    CatalogueEntry {
        id: "2gis",
        name: "2ГИС",
        category: ServiceCategory::Functional,
        cookies: &[],
        storage: &[],
        hosts: &["mapgl.2gis.com", "maps.api.2gis.ru"],
        policy_url: "https://law.2gis.ru/privacy/",
        description: Descriptions {
            ru: "Карта 2ГИС на странице: 2ГИС получает ваш IP-адрес, данные браузера и то, какую часть карты вы смотрите.",
            kk: "Беттегі 2ГИС картасы: 2ГИС IP мекенжайыңызды, браузер деректерін және картаның қай бөлігін қарайтыныңызды алады.",
            en: "A 2GIS map on the page: 2GIS receives your IP address, browser details and which part of the map you look at.",
        },
        country: None,
        #[cfg(not(target_arch = "wasm32"))]
        provider: None,
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://docs.2gis.com/en/mapgl/start/first-steps",
            "https://docs.2gis.com/maps/others/rasterjs/overview",
        ],
    },
    // The Maps JavaScript API loads from maps.googleapis.com. The Maps Embed API's iframe is
    // www.google.com/maps/embed/…: that host serves much else, so it is not listed here (mark the
    // iframe with data-consent all the same). Google documents no Maps-specific site cookie.
    // Google's privacy policy names Google LLC (USA).
    CatalogueEntry {
        id: "google-maps",
        name: "Google Maps",
        category: ServiceCategory::Functional,
        cookies: &[],
        storage: &[],
        hosts: &["maps.googleapis.com"],
        policy_url: "https://policies.google.com/privacy",
        description: Descriptions {
            ru: "Карта Google на странице: Google получает ваш IP-адрес, данные браузера и то, какую часть карты вы смотрите.",
            kk: "Беттегі Google картасы: Google IP мекенжайыңызды, браузер деректерін және картаның қай бөлігін қарайтыныңызды алады.",
            en: "A Google map on the page: Google receives your IP address, browser details and which part of the map you look at.",
        },
        country: Some("US"),
        #[cfg(not(target_arch = "wasm32"))]
        provider: Some("Google LLC"),
        #[cfg(not(target_arch = "wasm32"))]
        lifetimes: &[],
        #[cfg(not(target_arch = "wasm32"))]
        sources: &[
            "https://developers.google.com/maps/documentation/javascript/load-maps-js-api",
            "https://developers.google.com/maps/documentation/embed/get-started",
            "https://policies.google.com/privacy",
        ],
    },
];
