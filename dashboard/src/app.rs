//! The dashboard: one reducer, the requests its state asks for, and the page for the route.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{self, Credentials};
use crate::browser::{self, use_viewport_width};
use crate::components::top_bar::TopBar;
use crate::model::api_error::ApiFailure;
use crate::model::date_range::DateRange;
use crate::model::route::{Location, Page};
use crate::model::state::{Action, DashboardState, Session};
use crate::pages::login::LoginPage;
use crate::pages::overview::OverviewPage;
use crate::pages::receipts::ReceiptLookup;
use crate::pages::variants::VariantPage;

/// The whole dashboard.
#[component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let today = browser::today();
        DashboardState::new(browser::current_location(today), today)
    });
    let dispatcher = state.dispatcher();
    let viewport_width = use_viewport_width();

    // On start: write the range into the URL (so it can be shared as is), listen to the back
    // button, and ask the server whether the session cookie is still valid.
    {
        let dispatcher = dispatcher.clone();
        let (location, today) = (state.location.clone(), state.today);
        use_effect_with((), move |_| {
            browser::show_location(&location, true);
            let session_dispatcher = dispatcher.clone();
            spawn_local(async move {
                session_dispatcher.dispatch(match api::current_user().await {
                    Ok(username) => Action::SessionFound { username },
                    Err(ApiFailure::Unauthenticated) => Action::SessionMissing { failure: None },
                    Err(failure) => Action::SessionMissing {
                        failure: Some(failure),
                    },
                });
            });
            let back_and_forward = browser::listen_to_history(Callback::from(move |()| {
                dispatcher.dispatch(Action::Navigated(browser::current_location(today)))
            }));
            move || drop(back_and_forward)
        });
    }

    {
        let dispatcher = dispatcher.clone();
        use_effect_with(state.stats_to_fetch(), move |wanted| {
            if let Some(range) = *wanted {
                dispatcher.dispatch(Action::StatsRequested(range));
                spawn_local(async move {
                    let result = api::stats(range).await.map(Rc::new);
                    dispatcher.dispatch(Action::StatsArrived(range, result));
                });
            }
        });
    }

    {
        let dispatcher = dispatcher.clone();
        use_effect_with(state.receipts_to_fetch(), move |wanted| {
            if let Some(consent_id) = wanted.clone() {
                dispatcher.dispatch(Action::ReceiptsRequested(consent_id.clone()));
                spawn_local(async move {
                    let result = api::receipts(&consent_id).await.map(Rc::new);
                    dispatcher.dispatch(Action::ReceiptsArrived(consent_id, result));
                });
            }
        });
    }

    {
        let title = match &state.session {
            Session::SignedIn { .. } => state.location.page.title(),
            _ => "Вход",
        };
        use_effect_with(title, |title| {
            browser::set_document_title(&format!("{title} — согласия на cookie, Jet Leasing"));
        });
    }

    let onnavigate = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |location: Location| {
            browser::show_location(&location, false);
            dispatcher.dispatch(Action::Navigated(location));
        })
    };
    let onrangechange = {
        let (onnavigate, location) = (onnavigate.clone(), state.location.clone());
        Callback::from(move |range: DateRange| onnavigate.emit(location.with_range(range)))
    };
    let onlookup = {
        let (onnavigate, location) = (onnavigate.clone(), state.location.clone());
        Callback::from(move |consent_id: String| {
            onnavigate.emit(location.with_consent_id(consent_id))
        })
    };
    let onlogin = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |credentials: Credentials| {
            dispatcher.dispatch(Action::LoginSubmitted);
            let dispatcher = dispatcher.clone();
            spawn_local(async move {
                dispatcher.dispatch(match api::log_in(&credentials).await {
                    Ok(()) => Action::LoggedIn {
                        username: credentials.username,
                    },
                    // Only a wrong password makes sense as the answer to a login.
                    Err(ApiFailure::Unauthenticated) => {
                        Action::LoginFailed(ApiFailure::BadCredentials)
                    }
                    Err(failure) => Action::LoginFailed(failure),
                });
            });
        })
    };
    let onlogout = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| {
            let dispatcher = dispatcher.clone();
            spawn_local(async move {
                let failure = api::log_out().await.err();
                dispatcher.dispatch(Action::LoggedOut {
                    failure: failure.filter(|f| *f != ApiFailure::Unauthenticated),
                });
            });
        })
    };
    let onretrystats = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(Action::StatsRetried))
    };
    let onretryreceipts = Callback::from(move |()| dispatcher.dispatch(Action::ReceiptsRetried));

    match &state.session {
        Session::Checking => html! {
            <main class="page page-narrow" aria-busy="true">
                <p class="status" role="status">{ "Проверяем вход…" }</p>
            </main>
        },
        Session::SignedOut {
            failure,
            submitting,
        } => html! {
            <LoginPage failure={failure.clone()} submitting={*submitting} {onlogin} />
        },
        Session::SignedIn { username } => {
            let location = &state.location;
            let page = match location.page {
                Page::Overview => html! {
                    <OverviewPage
                        range={location.range}
                        today={state.today}
                        stats={state.stats.clone()}
                        {viewport_width}
                        {onrangechange}
                        onretry={onretrystats}
                    />
                },
                Page::Variants => html! {
                    <VariantPage
                        range={location.range}
                        today={state.today}
                        stats={state.stats.clone()}
                        {viewport_width}
                        {onrangechange}
                        onretry={onretrystats}
                    />
                },
                Page::Receipts => html! {
                    <ReceiptLookup
                        typed={location.consent_id.clone()}
                        receipts={state.receipts.clone()}
                        {onlookup}
                        onretry={onretryreceipts}
                    />
                },
            };
            html! {
                <>
                    <a class="skip-link" href="#content">{ "К содержимому" }</a>
                    <TopBar
                        location={location.clone()}
                        username={username.clone()}
                        {onnavigate}
                        {onlogout}
                    />
                    <main id="content" class="page" tabindex="-1">{ page }</main>
                </>
            }
        }
    }
}
