//! The first layer: who asks, for what, for how long and where the data goes, three equal
//! choices, and the whole summary with its clause citations, which opens in place.

use std::rc::Rc;

use jl_consent_core::notice::notice;
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
    /// list instead of the general intro.
    pub changes: Vec<String>,
    /// The whole summary is open.
    pub summary_open: bool,
    pub onacceptall: Callback<()>,
    pub onrejectall: Callback<()>,
    pub onopenpreferences: Callback<()>,
    pub ontogglesummary: Callback<()>,
}

/// The id of the region that holds the whole summary.
const SUMMARY_ID: &str = "jl-banner-summary";
/// The id of the button that opens it.
const TOGGLE_ID: &str = "jl-banner-more";

/// The banner: a labelled, non-modal dialog at the bottom of the page.
pub fn banner(props: &BannerProps) -> Html {
    let settings = &props.settings;
    let text = |key| settings.text(key).to_owned();
    let click = |callback: &Callback<()>| {
        let callback = callback.clone();
        Callback::from(move |_: MouseEvent| callback.emit(()))
    };
    let open = props.summary_open;
    // The notice's last paragraph ends with the button that opens the whole summary, so that the
    // first layer spends no line of its own on it.
    let (lead, notice_paragraph_id) = first_layer(settings, &props.changes);
    // Under Global Privacy Control "accept all" leaves advertising refused: the first layer says so.
    let mut gpc = Markup::new();
    gpc_note(settings, &mut gpc);
    html! {
        <section class="jl-banner" role="dialog" aria-modal="false" tabindex="-1"
            ref={props.dialog.clone()}
            aria-labelledby="jl-banner-title" aria-describedby="jl-banner-intro">
            <div class="jl-banner__body">
                { lead.into_html() }
                <p class="jl-intro jl-notice" id={notice_paragraph_id}>
                    { notice_sentences(settings, &props.changes).into_html() }
                    { " " }
                    <button type="button" class="jl-more" id={TOGGLE_ID}
                        aria-expanded={if open { "true" } else { "false" }} aria-controls={SUMMARY_ID}
                        onclick={click(&props.ontogglesummary)}>
                        { text(TextKey::SummaryToggle) }
                    </button>
                </p>
                { gpc.into_html() }
                <div class="jl-more__region" id={SUMMARY_ID} role="region" aria-labelledby={TOGGLE_ID}
                    hidden={!open}>
                    if open { { summary(settings).into_html() } }
                </div>
            </div>
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

/// The title and, when asking again, what changed since the last decision. Returns the markup
/// and the id of the paragraph the notice's sentences go in: the intro's own (`jl-banner-intro`,
/// which describes the dialog) on a first visit, a paragraph after the list when asking again.
pub fn first_layer(settings: &WidgetSettings, changes: &[String]) -> (Markup, &'static str) {
    let mut markup = Markup::new();
    if changes.is_empty() {
        markup.element(
            "h2",
            &[("id", "jl-banner-title"), ("class", "jl-title")],
            settings.text(TextKey::BannerTitle),
        );
        return (markup, "jl-banner-intro");
    }
    markup
        .element(
            "h2",
            &[("id", "jl-banner-title"), ("class", "jl-title")],
            settings.text(TextKey::ChangesTitle),
        )
        .element(
            "p",
            &[("id", "jl-banner-intro"), ("class", "jl-intro")],
            settings.text(TextKey::ChangesIntro),
        )
        .open("ul", &[("class", "jl-summary jl-changes")]);
    for change in changes {
        markup.element("li", &[], change);
    }
    markup.close("ul");
    (markup, "jl-banner-notice")
}

/// The first visit's intro (for what), then who asks, how long the choice is kept and where the
/// data goes (`jl_consent_core::notice`); when asking again, the notice alone.
pub fn notice_sentences(settings: &WidgetSettings, changes: &[String]) -> Markup {
    let notice = notice(&settings.config, &settings.texts);
    let intro = changes
        .is_empty()
        .then(|| settings.text(TextKey::BannerIntro));
    let sentences: Vec<&str> = intro.into_iter().chain(notice.sentences()).collect();
    let mut markup = Markup::new();
    markup.text(&sentences.join(" "));
    markup
}

/// The whole summary: each point with the clause it restates, then the policy link.
pub fn summary(settings: &WidgetSettings) -> Markup {
    let mut markup = Markup::new();
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
    markup.close("ul");
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
