//! The root component: one reducer over the core's consent model, and the effects of a decision
//! (store the cookie, tell the loader, which opens or keeps closed the gate). It also renders the
//! cookie declarations the page has (through portals into their elements), from the same state.

use std::rc::Rc;

use jl_consent_core::{
    encode_cookie, ConsentAction, ConsentId, ConsentModel, DecisionContext, View,
};
use yew::prelude::*;

use crate::browser::{bridge::LoaderBridge, clock, cookie, page, random};
use crate::command_queue::{CommandQueue, WidgetCommand};
use crate::components::banner::{banner as banner_view, BannerProps};
use crate::components::declaration::{
    declaration as declaration_view, DeclarationProps, DeclarationTarget,
};
use crate::components::preferences::{preferences as preferences_view, PreferencesProps};
use crate::consent_log::{log_decision, log_impression};
use crate::settings::WidgetSettings;
use crate::state::WidgetState;

#[derive(Properties, PartialEq)]
pub struct ConsentWidgetProps {
    pub settings: Rc<WidgetSettings>,
    /// The state at mount (built from the stored cookie).
    pub initial: ConsentModel,
    pub bridge: LoaderBridge,
    pub commands: CommandQueue,
}

fn decision_context() -> DecisionContext {
    DecisionContext {
        now: clock::now_unix_seconds(),
        fresh_id: ConsentId::from_random_bytes(random::random_bytes()),
    }
}

/// The consent widget: banner, preferences, and nothing at all once the visitor has decided.
#[component(ConsentWidget)]
pub fn consent_widget(props: &ConsentWidgetProps) -> Html {
    let state = {
        let initial = props.initial.clone();
        use_reducer(move || WidgetState(initial))
    };
    let model = &state.0;
    let banner = use_node_ref();
    let dialog = use_node_ref();
    // The declarations the page asked for: DOM elements, outside the consent model.
    let declarations = use_mut_ref(Vec::<DeclarationTarget>::new);
    let rerender = use_force_update();
    // What opened the preferences (a declaration's button, the settings control), to give the
    // focus back to when they close.
    let opener = use_mut_ref(|| None::<web_sys::HtmlElement>);

    // Every command, from a click or from the page's API, goes through here.
    let command = {
        let dispatcher = state.dispatcher();
        let settings = props.settings.clone();
        let bridge = props.bridge.clone();
        let declarations = declarations.clone();
        let rerender = rerender.clone();
        Callback::from(move |command: WidgetCommand| {
            let action = match command {
                WidgetCommand::Declare(target) => {
                    declarations.borrow_mut().push(target);
                    rerender.force_update();
                    return;
                }
                WidgetCommand::ShowBanner => ConsentAction::ShowBanner,
                WidgetCommand::ShowPreferences => ConsentAction::OpenPreferences,
                WidgetCommand::AcceptAll => ConsentAction::AcceptAll(decision_context()),
                WidgetCommand::RejectAll => ConsentAction::RejectAll(decision_context()),
                WidgetCommand::AcceptCategories(categories) => ConsentAction::Grant {
                    categories,
                    context: decision_context(),
                },
                WidgetCommand::Reset => {
                    cookie::delete_decision(&settings.config.cookie);
                    bridge.decided(None, None, false);
                    ConsentAction::Reset
                }
            };
            dispatcher.dispatch(action);
        })
    };
    {
        let commands = props.commands.clone();
        let command = command.clone();
        use_effect_with((), move |_| commands.connect(command));
    }

    // A decision made on this page: store it, then let the loader open or close the gate.
    {
        let settings = props.settings.clone();
        let bridge = props.bridge.clone();
        let change = model.last_change.clone();
        let decision = model.decision.clone();
        use_effect_with(change, move |change| {
            if let (Some(change), Some(record)) = (change, decision) {
                cookie::write_decision(&settings.config.cookie, &record);
                bridge.decided(
                    Some(&encode_cookie(&record)),
                    Some(change.action.name()),
                    change.first,
                );
                log_decision(&settings, &bridge, &record, change.action, change.first);
            }
        });
    }

    // Tell the loader what is on screen, and move focus into what just appeared.
    {
        let bridge = props.bridge.clone();
        let settings = props.settings.clone();
        let banner = banner.clone();
        let dialog = dialog.clone();
        let opener = opener.clone();
        let has_decision = model.decision.is_some();
        use_effect_with(model.view, move |view| {
            if *view == View::Banner {
                // The impression (its fingerprint, its event) waits until the banner is painted,
                // and so does the focus: moving it makes the browser compute style and layout at
                // once, which at the start would lengthen the task of the banner's first frame
                // (with the wasm's first calls, over 50 ms on a slow phone).
                let (settings, logger) = (settings.clone(), bridge.clone());
                let banner = banner.cast::<web_sys::HtmlElement>();
                bridge.after_paint(move || {
                    if let Some(banner) = banner.filter(|b| b.is_connected()) {
                        let _ = banner.focus();
                    }
                    log_impression(&settings, &logger);
                });
            }
            let name = match view {
                View::Banner => "banner",
                View::Preferences => "preferences",
                View::Closed => "closed",
            };
            bridge.view_changed(name, has_decision);
            let target = match view {
                View::Banner => None,
                View::Preferences => {
                    *opener.borrow_mut() = page::focused_element();
                    dialog.cast::<web_sys::HtmlElement>()
                }
                View::Closed => opener.borrow_mut().take().filter(|e| e.is_connected()),
            };
            if let Some(target) = target {
                let _ = target.focus();
            }
        });
    }

    let send = |c: WidgetCommand| {
        let command = command.clone();
        Callback::from(move |()| command.emit(c.clone()))
    };
    let dispatch = |action: fn() -> ConsentAction| {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(action()))
    };
    let changes = model
        .outdated
        .as_ref()
        .map(|outdated| props.settings.changes_since(outdated))
        .unwrap_or_default();
    let portals: Html = declarations
        .borrow()
        .iter()
        .map(|target| {
            let declaration = declaration_view(&DeclarationProps {
                settings: props.settings.clone(),
                facts: target.facts.clone(),
                decision: model.decision.clone(),
                onchange: send(WidgetCommand::ShowPreferences),
                onwithdraw: send(WidgetCommand::RejectAll),
            });
            create_portal(declaration, target.root.clone())
        })
        .collect();
    let view = match model.view {
        View::Closed => Html::default(),
        View::Banner => banner_view(&BannerProps {
            settings: props.settings.clone(),
            dialog: banner,
            changes,
            summary_open: model.summary_open,
            onacceptall: send(WidgetCommand::AcceptAll),
            onrejectall: send(WidgetCommand::RejectAll),
            onopenpreferences: send(WidgetCommand::ShowPreferences),
            ontogglesummary: dispatch(|| ConsentAction::ToggleSummary),
        }),
        View::Preferences => {
            let ontoggle = {
                let dispatcher = state.dispatcher();
                Callback::from(move |(category, granted)| {
                    dispatcher.dispatch(ConsentAction::Toggle { category, granted })
                })
            };
            preferences_view(&PreferencesProps {
                settings: props.settings.clone(),
                draft: model.draft.clone(),
                decision: model.decision.clone(),
                dialog,
                ontoggle,
                onsave: dispatch(|| ConsentAction::SaveChoices(decision_context())),
                onacceptall: send(WidgetCommand::AcceptAll),
                onrejectall: send(WidgetCommand::RejectAll),
                onclose: dispatch(|| ConsentAction::ClosePreferences),
            })
        }
    };
    html! { <>{ view }{ portals }</> }
}
