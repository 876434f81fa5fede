//! The first layer: what the site collects and why, and three equal choices.

use std::rc::Rc;

use jl_consent_core::TextKey;
use yew::prelude::*;

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
    let renewal = !props.changes.is_empty();
    let (title, intro) = if renewal {
        (text(TextKey::ChangesTitle), text(TextKey::ChangesIntro))
    } else {
        (text(TextKey::BannerTitle), text(TextKey::BannerIntro))
    };
    let points = if renewal {
        props
            .changes
            .iter()
            .map(|change| html! { <li>{ change }</li> })
            .collect::<Html>()
    } else {
        settings
            .texts
            .summary()
            .into_iter()
            .map(|point| {
                html! {
                    <li>
                        { point.text }
                        if let Some(label) = point.clause_label {
                            { " " }<span class="jl-clause">{ label }</span>
                        }
                    </li>
                }
            })
            .collect::<Html>()
    };
    let click = |callback: &Callback<()>| {
        let callback = callback.clone();
        Callback::from(move |_: MouseEvent| callback.emit(()))
    };
    html! {
        <section class="jl-banner" role="dialog" aria-modal="false" tabindex="-1"
            ref={props.dialog.clone()}
            aria-labelledby="jl-banner-title" aria-describedby="jl-banner-intro">
            <div class="jl-banner__body">
                <h2 id="jl-banner-title" class="jl-title">{ title }</h2>
                <p id="jl-banner-intro" class="jl-intro">{ intro }</p>
                <ul class={if renewal { "jl-summary jl-changes" } else { "jl-summary" }}>{ points }</ul>
                { gpc_note(settings) }
                { policy_link(settings) }
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

/// Says that the browser's Global Privacy Control signal is honoured, when it is.
pub fn gpc_note(settings: &WidgetSettings) -> Html {
    if settings.gpc {
        html! { <p class="jl-gpc" role="note">{ settings.text(TextKey::GpcHonoured) }</p> }
    } else {
        Html::default()
    }
}

/// The link to the full policy, when the configuration names one.
pub fn policy_link(settings: &WidgetSettings) -> Html {
    match &settings.config.policy_url {
        Some(url) => html! {
            <a class="jl-link" href={url.clone()} target="_blank" rel="noopener">
                { settings.text(TextKey::PolicyLink) }
            </a>
        },
        None => Html::default(),
    }
}
