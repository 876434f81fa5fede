//! What a section shows while its data loads or after the request failed.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::api_error::ApiFailure;
use crate::model::api_types::Stats;
use crate::model::date_range::DateRange;
use crate::model::state::Remote;

/// Props of [`LoadingNotice`].
#[derive(Properties, PartialEq)]
pub struct LoadingNoticeProps {
    pub text: AttrValue,
}

/// A polite "loading" line that screen readers announce.
#[component(LoadingNotice)]
pub fn loading_notice(props: &LoadingNoticeProps) -> Html {
    html! {
        <p class="status" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            { props.text.clone() }
        </p>
    }
}

/// Props of [`FailureNotice`].
#[derive(Properties, PartialEq)]
pub struct FailureNoticeProps {
    pub failure: ApiFailure,
    /// Offered as "Повторить" when set.
    #[prop_or_default]
    pub onretry: Option<Callback<()>>,
}

/// The error, in words, with a retry button.
#[component(FailureNotice)]
pub fn failure_notice(props: &FailureNoticeProps) -> Html {
    let retry = props.onretry.clone().map(|onretry| {
        html! {
            <button type="button" class="button button-secondary" onclick={move |_| onretry.emit(())}>
                { "Повторить" }
            </button>
        }
    });
    html! {
        <div class="notice notice-error" role="alert">
            <p>{ props.failure.message() }</p>
            { for retry }
        </div>
    }
}

/// Renders `loaded` once the stats of `range` are there; a loading line or the failure before.
pub fn with_stats(
    stats: &Remote<DateRange, Stats>,
    range: DateRange,
    onretry: &Callback<()>,
    loaded: impl FnOnce(&Rc<Stats>) -> Html,
) -> Html {
    match stats {
        Remote::Loaded(for_range, stats) if *for_range == range => loaded(stats),
        Remote::Failed(for_range, failure) if *for_range == range => html! {
            <FailureNotice failure={failure.clone()} onretry={onretry.clone()} />
        },
        _ => html! { <LoadingNotice text="Загружаем данные…" /> },
    }
}
