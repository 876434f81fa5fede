//! The first layer: what the site collects and why, and three equal choices.

use std::rc::Rc;

use jl_consent_core::TextKey;
use yew::prelude::*;

use super::markup::Markup;
use crate::settings::WidgetSettings;

#[derive(PartialEq)]
pub struct BannerProps {
    pub settings: Rc<WidgetSettings>,
    /// The banner itself: focused when it appears, so keyboard users land in it (on the dialog,
    /// not on one of the choices, so that no choice is pre-selected).
    pub dialog: NodeRef,
    /// What changed since an outdated decision; when not empty the banner asks again with this
    /// list instead of the general summary.
    pub changes: Vec<String>,
    pub onacceptall: Callback<()>,
    pub onrejectall: Callback<()>,
    pub onopenpreferences: Callback<()>,
}

/// The banner: a labelled, non-modal dialog at the bottom of the page.
pub fn banner(props: &BannerProps) -> Html {
    let settings = &props.settings;
    let text = |key| settings.text(key).to_owned();
    let click = |callback: &Callback<()>| {
        let callback = callback.clone();
        Callback::from(move |_: MouseEvent| callback.emit(()))
    };
    html! {
        <section class="jl-banner" role="dialog" aria-modal="false" tabindex="-1"
            ref={props.dialog.clone()}
            aria-labelledby="jl-banner-title" aria-describedby="jl-banner-intro">
            <div class="jl-banner__body">{ banner_body(settings, &props.changes).into_html() }</div>
            <div class="jl-actions">
                <button type="button" class="jl-btn jl-btn--choice" data-action="reject-all"
                    onclick={click(&props.onrejectall)}>
                    { text(TextKey::RejectAll) }
                </button>
                <button type="button" class="jl-btn jl-btn--choice" data-action="accept-all"
                    onclick={click(&props.onacceptall)}>
                    { text(TextKey::AcceptAll) }
                </button>
                <button type="button" class="jl-btn jl-btn--quiet" data-action="preferences"
                    aria-haspopup="dialog" onclick={click(&props.onopenpreferences)}>
                    { text(TextKey::OpenPreferences) }
                </button>
            </div>
        </section>
    }
}

/// What the banner says: the title, the intro, the policy summary (each point with its clause) or,
/// when asking again, what changed — then the GPC note and the policy link.
pub fn banner_body(settings: &WidgetSettings, changes: &[String]) -> Markup {
    let renewal = !changes.is_empty();
    let (title, intro) = if renewal {
        (TextKey::ChangesTitle, TextKey::ChangesIntro)
    } else {
        (TextKey::BannerTitle, TextKey::BannerIntro)
    };
    let mut markup = Markup::new();
    markup
        .element(
            "h2",
            &[("id", "jl-banner-title"), ("class", "jl-title")],
            settings.text(title),
        )
        .element(
            "p",
            &[("id", "jl-banner-intro"), ("class", "jl-intro")],
            settings.text(intro),
        );
    if renewal {
        markup.open("ul", &[("class", "jl-summary jl-changes")]);
        for change in changes {
            markup.element("li", &[], change);
        }
    } else {
        markup.open("ul", &[("class", "jl-summary")]);
        for point in settings.texts.summary() {
            markup.open("li", &[]).text(&point.text);
            if let Some(label) = point.clause_label {
                markup
                    .text(" ")
                    .element("span", &[("class", "jl-clause")], &label);
            }
            markup.close("li");
        }
    }
    markup.close("ul");
    gpc_note(settings, &mut markup);
    policy_link(settings, &mut markup);
    markup
}

/// Says that the browser's Global Privacy Control signal is honoured, when it is.
pub fn gpc_note(settings: &WidgetSettings, markup: &mut Markup) {
    if settings.gpc {
        markup.element(
            "p",
            &[("class", "jl-gpc"), ("role", "note")],
            settings.text(TextKey::GpcHonoured),
        );
    }
}

/// The link to the full policy, when the configuration names one.
pub fn policy_link(settings: &WidgetSettings, markup: &mut Markup) {
    if let Some(url) = &settings.config.policy_url {
        markup.element(
            "a",
            &[
                ("class", "jl-link"),
                ("href", url),
                ("target", "_blank"),
                ("rel", "noopener"),
            ],
            settings.text(TextKey::PolicyLink),
        );
    }
}
