// The variants: this widget and four peers, each embedded the way its own documentation shows, with
// the same Russian texts, the same three categories (necessary, analytics = the pixel, advertising)
// and the same /pixel.js loaded only once analytics is granted; and the bare Yew banner of
// bench/yew-floor, the floor of any Yew banner, which only shows (first visits only). Each page
// (pages.mjs) gets the variants it compares.
import { readFileSync } from 'node:fs';
import { PAGES } from './pages.mjs';
import { FLOOR_PREFIX, ROOT } from './paths.mjs';
import { PEER_PACKAGES } from './peers.mjs';
import { escapeHtml, russianTexts, summaryHtml } from './texts.mjs';

export const PIXEL_PATH = '/pixel.js';
/** Where banner-copy.mjs places the copy of this widget's banner (JSON) in its variant's head. */
export const COPY_PLACEHOLDER = '{{BANNER_COPY}}';
const POLICY_URL = '/policy.html';

/** The demo's widget configuration (index.html) minus what only the demo has (see bench/README.md). */
export function widgetConfig() {
  const html = readFileSync(new URL('index.html', ROOT), 'utf8');
  const match = /<script type="application\/json" id="jl-consent-config">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('index.html: no jl-consent-config block');
  const config = JSON.parse(match[1]);
  // The consent log (logEndpoint) and the demo's A/B test of banner texts (variants) are features
  // no peer has; the benchmark measures the banner itself, with the default (variant "a") texts.
  delete config.logEndpoint;
  delete config.variants;
  // The services it declares (names, descriptions, catalogue entries) are more than any peer's
  // banner shows; the benchmark's three categories are the widget's defaults.
  delete config.categories;
  if (config.pixelUrl !== PIXEL_PATH) throw new Error(`index.html: pixelUrl is ${config.pixelUrl}, the benchmark expects ${PIXEL_PATH}`);
  return config;
}

const js = (value) => JSON.stringify(value, null, 2).replace(/<\//g, '<\\/');

// Keeps the summary list of the peers readable with their own CSS (the widget styles its own); it
// is part of each peer's inline embed.
const SUMMARY_CSS = '<style>.bench-summary{margin:.5em 0;padding-left:1.2em}.bench-clause{opacity:.75;white-space:nowrap}</style>';

/** Which variants each page compares (the first is this widget: ratios are to it). */
const PAGE_VARIANTS = {
  demo: ['jl', 'vanilla', 'klaro', 'osano', 'tarteaucitron', 'floor', 'floor-markup'],
  bare: ['jl', 'vanilla', 'klaro', 'floor', 'floor-markup'],
};

/** Measured only when --only names them: the Yew copy of this widget's banner (a diagnostic of what
 *  separates this widget from the bare Yew banner, bench/README.md), which a full run would make
 *  a quarter longer. */
const ON_REQUEST = ['floor-markup'];

/** Quick mode (CI) checks the harness in little time: no floor (a second Yew compile), fewer on the bare page. */
const QUICK_VARIANTS = {
  demo: ['jl', 'vanilla', 'klaro', 'osano', 'tarteaucitron'],
  bare: ['jl', 'vanilla'],
};

/** Every embed's id, for --only. */
export const EMBED_IDS = [...new Set(Object.values(PAGE_VARIANTS).flat())];

/** The variants as embeds, before they are placed on a page. */
function embeds() {
  const { texts: t, summary } = russianTexts();
  const intro = `<p>${escapeHtml(t.bannerIntro)}</p>${summaryHtml(summary)}`;
  const policyLink = `<a href="${POLICY_URL}" target="_blank" rel="noopener">${escapeHtml(t.policyLink)}</a>`;

  const jl = {
    id: 'jl',
    label: 'this widget',
    name: 'Jet Leasing (Yew/wasm)',
    version: 'dist/',
    head: `<script type="application/json" id="jl-consent-config">\n${js(widgetConfig())}\n</script>\n<script src="/consent.js"></script>`,
    bodyEnd: '',
    banner: { host: 'jl-consent', selector: '.jl-banner' },
    accept: 'jl-consent .jl-banner [data-action="accept-all"]',
    starts: 'classic script first in <head>; the loader imports the wasm widget at once when no decision is stored',
    firstVisitOnly: false,
    decision: 'cookie jl_consent',
  };

  const vanilla = {
    id: 'vanilla',
    label: 'vanilla-cc',
    name: 'vanilla-cookieconsent',
    version: PEER_PACKAGES['vanilla-cookieconsent'],
    head: `<link rel="stylesheet" href="/peers/vanilla-cookieconsent/dist/cookieconsent.css">
<script type="module">
import '/peers/vanilla-cookieconsent/dist/cookieconsent.umd.js';
CookieConsent.run(${js({
    // The benchmark's Chromium is automated (navigator.webdriver), which this library would
    // otherwise take for a bot and show nothing to; a real visitor is not a bot.
    hideFromBots: false,
    cookie: { name: 'cc_cookie', expiresAfterDays: 180 },
    guiOptions: {
      consentModal: { layout: 'bar inline', position: 'bottom', equalWeightButtons: true },
      preferencesModal: { layout: 'box', equalWeightButtons: true },
    },
    categories: { necessary: { enabled: true, readOnly: true }, analytics: {}, advertising: {} },
    language: {
      default: 'ru',
      translations: {
        ru: {
          consentModal: {
            title: t.bannerTitle, description: intro, acceptAllBtn: t.acceptAll, acceptNecessaryBtn: t.rejectAll,
            showPreferencesBtn: t.openPreferences, footer: policyLink,
          },
          preferencesModal: {
            title: t.preferencesTitle, acceptAllBtn: t.acceptAll, acceptNecessaryBtn: t.rejectAll,
            savePreferencesBtn: t.saveChoices, closeIconLabel: t.close,
            sections: [
              { description: t.preferencesIntro },
              { title: t.necessaryTitle, description: t.necessaryDescription, linkedCategory: 'necessary' },
              { title: t.analyticsTitle, description: t.analyticsDescription, linkedCategory: 'analytics' },
              { title: t.advertisingTitle, description: t.advertisingDescription, linkedCategory: 'advertising' },
            ],
          },
        },
      },
    },
  })});
</script>`,
    // Documented script blocking: the library turns this into a live script once analytics is granted.
    bodyEnd: `<script type="text/plain" data-category="analytics" src="${PIXEL_PATH}"></script>`,
    banner: { selector: '#cc-main .cm' },
    accept: '#cc-main .cm [data-role="all"]',
    starts: 'module script (deferred): CookieConsent.run() after the document is parsed',
    decision: 'cookie cc_cookie',
  };

  const klaro = {
    id: 'klaro',
    label: 'klaro',
    name: 'klaro',
    version: PEER_PACKAGES.klaro,
    head: `<script>
var klaroConfig = ${js({
    version: 1,
    elementID: 'klaro',
    storageMethod: 'cookie',
    cookieName: 'klaro',
    cookieExpiresAfterDays: 180,
    htmlTexts: true,
    default: false,
    mustConsent: false,
    acceptAll: true,
    hideDeclineAll: false,
    hideLearnMore: false,
    showNoticeTitle: true,
    lang: 'ru',
    translations: {
      ru: {
        privacyPolicyUrl: POLICY_URL,
        consentNotice: { title: t.bannerTitle, description: `${intro} {privacyPolicy}`, learnMore: t.openPreferences },
        consentModal: { title: t.preferencesTitle, description: t.preferencesIntro },
        privacyPolicy: { name: t.policyLink, text: '{privacyPolicy}' },
        ok: t.acceptAll,
        acceptAll: t.acceptAll,
        decline: t.rejectAll,
        acceptSelected: t.saveChoices,
        save: t.saveChoices,
        close: t.close,
        purposes: {
          necessary: { title: t.necessaryTitle, description: t.necessaryDescription },
          analytics: { title: t.analyticsTitle, description: t.analyticsDescription },
          advertising: { title: t.advertisingTitle, description: t.advertisingDescription },
        },
        necessary: { description: t.necessaryDescription },
        pixel: { description: t.analyticsDescription },
        advertising: { description: t.advertisingDescription },
      },
    },
    services: [
      { name: 'necessary', title: t.necessaryTitle, purposes: ['necessary'], required: true, default: true },
      { name: 'pixel', title: t.analyticsTitle, purposes: ['analytics'] },
      { name: 'advertising', title: t.advertisingTitle, purposes: ['advertising'] },
    ],
  })};
</script>
<script defer src="/peers/klaro/dist/klaro.js"></script>`,
    // Documented script blocking: data-name names the service whose consent loads data-src.
    bodyEnd: `<script type="text/plain" data-type="application/javascript" data-name="pixel" data-src="${PIXEL_PATH}"></script>`,
    banner: { selector: '.klaro .cookie-notice:not(.cookie-notice-hidden)' },
    accept: '.klaro .cookie-notice .cm-btn-success',
    starts: 'deferred script; renders on DOMContentLoaded',
    decision: 'cookie klaro',
  };

  const osano = {
    id: 'osano',
    label: 'osano-cc',
    name: 'cookieconsent (Osano)',
    version: PEER_PACKAGES.cookieconsent,
    head: '<link rel="stylesheet" href="/peers/cookieconsent/build/cookieconsent.min.css">',
    // As in the package's own examples: the script and initialise() at the end of <body>. Osano has no
    // categories: its one "allow" stands for analytics and advertising; there is no preferences view.
    bodyEnd: `<script src="/peers/cookieconsent/build/cookieconsent.min.js"></script>
<script>
(function () {
  var requested = false;
  function loadPixel() {
    if (requested) return;
    requested = true;
    var pixel = document.createElement('script');
    pixel.src = ${JSON.stringify(PIXEL_PATH)};
    pixel.async = true;
    document.head.appendChild(pixel);
  }
  window.cookieconsent.initialise({
    type: 'opt-in',
    position: 'bottom',
    layout: 'basic-header',
    revokable: true,
    palette: { popup: { background: '#ffffff', text: '#14181f' }, button: { background: '#0b4f9c', text: '#ffffff' } },
    cookie: { name: 'cookieconsent_status', expiryDays: 180 },
    content: ${js({
    header: t.bannerTitle, message: intro, allow: t.acceptAll, deny: t.rejectAll,
    link: t.policyLink, href: POLICY_URL, policy: t.settingsButton,
  })},
    onInitialise: function () { if (this.hasConsented()) loadPixel(); },
    onStatusChange: function () { if (this.hasConsented()) loadPixel(); }
  });
})();
</script>`,
    banner: { selector: '.cc-window' },
    accept: '.cc-window .cc-allow',
    starts: 'script + initialise() at the end of <body> (the package examples)',
    decision: 'cookie cookieconsent_status',
  };

  const tarteaucitron = {
    id: 'tarteaucitron',
    label: 'tarteaucitron',
    name: 'tarteaucitronjs',
    version: PEER_PACKAGES.tarteaucitronjs,
    head: `<script>
var tarteaucitronForceLanguage = 'ru';
var tarteaucitronCustomText = ${js({
    middleBarHead: t.bannerTitle,
    alertBigPrivacy: intro,
    acceptAll: t.acceptAll,
    denyAll: t.rejectAll,
    allowAll: t.acceptAll,
    personalize: t.openPreferences,
    privacyUrl: t.policyLink,
    title: t.preferencesTitle,
    disclaimer: t.preferencesIntro,
    close: t.close,
    save: t.saveChoices,
    icon: t.settingsButton,
    mandatoryTitle: t.necessaryTitle,
    mandatoryText: t.necessaryDescription,
    analytic: { title: t.analyticsTitle, details: t.analyticsDescription },
    ads: { title: t.advertisingTitle, details: t.advertisingDescription },
  })};
</script>
<script src="/peers/tarteaucitronjs/tarteaucitron.min.js"></script>
<script>
tarteaucitron.services.jlpixel = {
  key: 'jlpixel', type: 'analytic', name: ${JSON.stringify(t.analyticsTitle)}, needConsent: true, cookies: [],
  js: function () { 'use strict'; tarteaucitron.addScript(${JSON.stringify(PIXEL_PATH)}); }
};
tarteaucitron.services.jladvertising = {
  key: 'jladvertising', type: 'ads', name: ${JSON.stringify(t.advertisingTitle)}, needConsent: true, cookies: [],
  js: function () { 'use strict'; }
};
tarteaucitron.init({
  privacyUrl: ${JSON.stringify(POLICY_URL)}, bodyPosition: 'bottom', hashtag: '#tarteaucitron', cookieName: 'tarteaucitron',
  orientation: 'bottom', groupServices: false, showDetailsOnClick: true, serviceDefaultState: 'wait',
  showAlertSmall: false, showTitleBanner: true, cookieslist: false, cookieslistEmbed: false, showIcon: true,
  iconPosition: 'BottomRight', adblocker: false, DenyAllCta: true, AcceptAllCta: true, highPrivacy: true,
  alwaysNeedConsent: false, handleBrowserDNTRequest: false, removeCredit: false, moreInfoLink: true,
  useExternalCss: false, useExternalJs: false, readmoreLink: '', mandatory: true, mandatoryCta: true,
  googleConsentMode: true, bingConsentMode: false, pianoConsentMode: false, softConsentMode: false,
  dataLayer: false, serverSide: false, partnersList: false
});
(tarteaucitron.job = tarteaucitron.job || []).push('jlpixel');
tarteaucitron.job.push('jladvertising');
</script>`,
    bodyEnd: '',
    banner: { selector: '#tarteaucitronAlertBig' },
    accept: '#tarteaucitronPersonalize2',
    starts: 'classic script in <head>; init() waits for the load event, then loads its language, services and CSS files',
    decision: 'cookie tarteaucitron',
  };

  // The floor: one Yew function component (a title, a sentence, two buttons), its glue imported by a
  // module script, init() (which fetches and instantiates the wasm), then mount(). It stores no
  // decision and loads no pixel, so only its first visit is measured.
  const floor = {
    id: 'floor',
    label: 'Yew floor',
    name: 'bare Yew banner',
    version: 'bench/yew-floor',
    // A one-line style makes it a bottom bar like the others (on the demo page it would otherwise be
    // below the fold, at the end of <body>).
    head: `<script type="module">
import init, { mount } from '${FLOOR_PREFIX}floor.js';
await init();
mount();
</script>
<style>.banner{position:fixed;left:0;right:0;bottom:0;margin:0;padding:1em;background:#fff;box-shadow:0 -2px 8px rgba(0,0,0,.2)}</style>`,
    bodyEnd: '',
    banner: { selector: 'section.banner' },
    accept: null,
    starts: 'module script (deferred): imports the glue, init() fetches and instantiates the wasm, then mount()',
    decision: 'none (first visits only)',
    firstVisitOnly: true,
  };

  // The same bare Yew start (module script, glue, init(), mount) drawing a copy of this widget's
  // banner, taken from a visit before the run (banner-copy.mjs): the same host element, shadow
  // root, stylesheet and markup, so the same content to lay out and paint, and none of the
  // widget's own start-up (its loader, configuration, texts, state).
  const floorMarkup = {
    ...floor,
    id: 'floor-markup',
    label: 'Yew copy',
    name: "Yew copy of this widget's banner",
    version: 'bench/yew-floor (markup)',
    head: `<script type="application/json" id="banner-copy">${COPY_PLACEHOLDER}</script>
<script type="module">
import init, { mount } from '${FLOOR_PREFIX}floor-markup.js';
const copy = JSON.parse(document.getElementById('banner-copy').textContent);
await init();
mount(copy.host, copy.attributes, copy.rootClass, copy.css, copy.markup);
</script>`,
    banner: jl.banner,
    starts: "module script (deferred): imports the glue, init() fetches and instantiates the wasm, then mount() with this widget's banner copied (markup, stylesheet)",
    copiesBanner: true,
  };

  for (const peer of [vanilla, klaro, osano, tarteaucitron]) {
    peer.head = `${peer.head}\n${SUMMARY_CSS}`;
    peer.firstVisitOnly = false;
  }
  return [jl, vanilla, klaro, osano, tarteaucitron, floor, floorMarkup];
}

/**
 * The variants of the given pages, in the order a round visits them. Each is its embed placed on
 * one page: `id` is unique (the demo page keeps the plain ids, the others are prefixed with their
 * page: `bare-jl`), `base` is the embed's id and `page` the page's. `only` keeps the named embeds
 * (and this widget; without it, every embed but those measured on request); `quick` takes quick
 * mode's shorter lists.
 */
export function buildVariants(pageIds = Object.keys(PAGE_VARIANTS), { only = null, quick = false } = {}) {
  const byId = new Map(embeds().map((v) => [v.id, v]));
  const chosen = (page) => (quick ? QUICK_VARIANTS : PAGE_VARIANTS)[page]
    .filter((base) => base === 'jl' || (only ? only.includes(base) : !ON_REQUEST.includes(base)));
  return pageIds.flatMap((page) => chosen(page).map((base) => ({
    ...byId.get(base),
    id: page === PAGES.demo.id ? base : `${page}-${base}`,
    base,
    page,
  })));
}
