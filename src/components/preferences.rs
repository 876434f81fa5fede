//! The second layer: one switch per category, the visitor's consent id and decision date.

use std::rc::Rc;

use jl_consent_core::{CategoryId, Choices, ConsentRecord, TextKey};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::banner::{gpc_note, policy_link};
use super::category_row::{category_row, CategoryRowProps};
use super::markup::Markup;
use crate::browser::clock::format_decision_time;
use crate::settings::WidgetSettings;

#[derive(PartialEq)]
pub struct PreferencesProps {
    pub settings: Rc<WidgetSettings>,
    /// The switches as currently set.
    pub draft: Choices,
    /// The decision in force, for its consent id and date.
    pub decision: Option<ConsentRecord>,
    /// The dialog element: focused on open and used to keep focus inside.
    pub dialog: NodeRef,
    pub ontoggle: Callback<(CategoryId, bool)>,
    pub onsave: Callback<()>,
    pub onacceptall: Callback<()>,
    pub onrejectall: Callback<()>,
    pub onclose: Callback<()>,
}

/// The preferences: a modal dialog that keeps focus inside and closes on Esc.
///
/// Never inlined: the root component's view calls it from one place, and inlined there it would be
/// compiled with the root (on the main thread, lazily, as the banner first renders) although the
/// first view is the banner (`bench/README.md`, "The banner's own start-up").
#[inline(never)]
pub fn preferences(props: &PreferencesProps) -> Html {
    let settings = &props.settings;
    let text = |key| settings.text(key).to_owned();
    let click = |callback: &Callback<()>| {
        let callback = callback.clone();
        Callback::from(move |_: MouseEvent| callback.emit(()))
    };
    let onkeydown = {
        let onclose = props.onclose.clone();
        let dialog = props.dialog.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                onclose.emit(());
            }
            "Tab" => keep_focus_inside(&dialog, &event),
            _ => {}
        })
    };
    let rows = settings.categories().into_iter().map(|category| {
        let granted = props.draft.is_granted(category.id.as_str());
        let ontoggle = {
            let ontoggle = props.ontoggle.clone();
            let id = category.id.clone();
            Callback::from(move |on: bool| ontoggle.emit((id.clone(), on)))
        };
        category_row(&CategoryRowProps {
            category,
            granted,
            always_on_label: text(TextKey::AlwaysOn).into(),
            services_label: text(TextKey::ServicesLabel).into(),
            cookies_label: text(TextKey::CookiesLabel).into(),
            policy_label: text(TextKey::ServicePolicyLink).into(),
            ontoggle,
        })
    });
    html! {
        <div class="jl-overlay">
            <div class="jl-prefs" role="dialog" aria-modal="true" aria-labelledby="jl-prefs-title"
                tabindex="-1" ref={props.dialog.clone()} {onkeydown}>
                <div class="jl-prefs__head">
                    <h2 id="jl-prefs-title" class="jl-title">{ text(TextKey::PreferencesTitle) }</h2>
                    <button type="button" class="jl-close" data-action="close"
                        aria-label={text(TextKey::Close)} onclick={click(&props.onclose)}>
                        <span aria-hidden="true">{ "×" }</span>
                    </button>
                </div>
                <div class="jl-prefs__body">
                    { intro(settings).into_html() }
                    <ul class="jl-categories">{ for rows }</ul>
                    { closing(settings, props.decision.as_ref()).into_html() }
                </div>
                <div class="jl-actions">
                    <button type="button" class="jl-btn jl-btn--choice" data-action="reject-all"
                        onclick={click(&props.onrejectall)}>{ text(TextKey::RejectAll) }</button>
                    <button type="button" class="jl-btn jl-btn--choice" data-action="accept-all"
                        onclick={click(&props.onacceptall)}>{ text(TextKey::AcceptAll) }</button>
                    <button type="button" class="jl-btn jl-btn--quiet" data-action="save"
                        onclick={click(&props.onsave)}>{ text(TextKey::SaveChoices) }</button>
                </div>
            </div>
        </div>
    }
}

/// What the preferences say before the categories: what they are for, and the GPC note.
fn intro(settings: &WidgetSettings) -> Markup {
    let mut markup = Markup::new();
    markup.element(
        "p",
        &[("class", "jl-intro")],
        settings.text(TextKey::PreferencesIntro),
    );
    gpc_note(settings, &mut markup);
    markup
}

/// What comes after the categories: the consent id and decision date a visitor can cite when
/// writing to the company (6.2.4, 9.3), and the policy link.
fn closing(settings: &WidgetSettings, decision: Option<&ConsentRecord>) -> Markup {
    let mut markup = Markup::new();
    match decision {
        None => {
            markup.element(
                "p",
                &[("class", "jl-facts jl-facts--none")],
                settings.text(TextKey::NoDecisionYet),
            );
        }
        Some(decision) => {
            markup.open("dl", &[("class", "jl-facts")]);
            decision_facts(settings, decision, &mut markup);
            markup.close("dl");
        }
    }
    policy_link(settings, &mut markup);
    markup
}

/// The consent id and the decision date, as entries of a `<dl>` (the preferences' and the policy
/// page's declaration's).
pub fn decision_facts(settings: &WidgetSettings, decision: &ConsentRecord, markup: &mut Markup) {
    markup
        .open("div", &[])
        .element("dt", &[], settings.text(TextKey::ConsentIdLabel))
        .element(
            "dd",
            &[("class", "jl-consent-id")],
            &decision.consent_id.grouped(),
        )
        .close("div")
        .open("div", &[])
        .element("dt", &[], settings.text(TextKey::DecidedAtLabel))
        .element(
            "dd",
            &[("class", "jl-decided-at")],
            &format_decision_time(decision.decided_at, settings.locale_tag()),
        )
        .close("div");
}

/// Wraps Tab from the last focusable element to the first (and Shift+Tab the other way).
fn keep_focus_inside(dialog: &NodeRef, event: &KeyboardEvent) {
    let Some(dialog) = dialog.cast::<web_sys::Element>() else {
        return;
    };
    let Ok(nodes) =
        dialog.query_selector_all("button:not([disabled]), input:not([disabled]), a[href]")
    else {
        return;
    };
    let focusable: Vec<web_sys::HtmlElement> = (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect();
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
        return;
    };
    // Inside a shadow root the document only sees the host as active.
    let active = match dialog.get_root_node().dyn_into::<web_sys::ShadowRoot>() {
        Ok(shadow) => shadow.active_element(),
        Err(_) => web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element()),
    };
    let active = active.as_ref().map(|a| a.unchecked_ref::<web_sys::Node>());
    let at = |element: &web_sys::HtmlElement| active.is_some_and(|a| a.is_same_node(Some(element)));
    let target = if event.shift_key()
        && (at(first) || active.is_some_and(|a| a.is_same_node(Some(&dialog))))
    {
        last
    } else if !event.shift_key() && at(last) {
        first
    } else {
        return;
    };
    event.prevent_default();
    let _ = target.focus();
}
