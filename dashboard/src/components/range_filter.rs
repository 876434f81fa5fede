//! The date range filter: two date inputs and quick presets.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use time::Date;

use crate::date_range::{DateRange, PRESET_RANGE_DAYS};
use crate::format::{format_day, plural};

/// Props of [`RangeFilter`].
#[derive(Properties, PartialEq)]
pub struct RangeFilterProps {
    pub range: DateRange,
    pub today: Date,
    pub onchange: Callback<DateRange>,
}

/// Pick a range: type two dates or take the last 7, 30 or 90 days.
#[component(RangeFilter)]
pub fn range_filter(props: &RangeFilterProps) -> Html {
    let from_text = use_state(|| props.range.from().to_string());
    let to_text = use_state(|| props.range.to().to_string());
    let error = use_state(|| None::<String>);
    {
        // Follow the range when it changes elsewhere (a preset, the back button).
        let (from_text, to_text, error) = (from_text.clone(), to_text.clone(), error.clone());
        use_effect_with(props.range, move |range| {
            from_text.set(range.from().to_string());
            to_text.set(range.to().to_string());
            error.set(None);
        });
    }

    let on_from_input = {
        let from_text = from_text.clone();
        Callback::from(move |event: InputEvent| {
            from_text.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_to_input = {
        let to_text = to_text.clone();
        Callback::from(move |event: InputEvent| {
            to_text.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onsubmit = {
        let (from_text, to_text, error) = (from_text.clone(), to_text.clone(), error.clone());
        let onchange = props.onchange.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match DateRange::parse(&from_text, &to_text) {
                Ok(range) => {
                    error.set(None);
                    onchange.emit(range);
                }
                Err(problem) => error.set(Some(problem.message())),
            }
        })
    };

    let active_preset = props.range.matching_preset(props.today);
    let presets = PRESET_RANGE_DAYS.into_iter().map(|days| {
        let range = DateRange::last_days(props.today, days);
        let onclick = props.onchange.reform(move |_: MouseEvent| range);
        let pressed = active_preset == Some(days);
        html! {
            <button
                type="button"
                class={classes!("chip", pressed.then_some("chip-pressed"))}
                aria-pressed={if pressed { "true" } else { "false" }}
                {onclick}
            >
                { format!("{days} {}", plural(u64::from(days), ["день", "дня", "дней"])) }
            </button>
        }
    });
    let today = props.today.to_string();
    let invalid = error.is_some().then_some("true");
    let described_by = error.is_some().then_some("range-error");
    let summary = format!(
        "{} — {} ({} {})",
        format_day(props.range.from()),
        format_day(props.range.to()),
        props.range.len_days(),
        plural(u64::from(props.range.len_days()), ["день", "дня", "дней"])
    );

    html! {
        <section class="card range-filter" aria-labelledby="range-heading">
            <h2 id="range-heading" class="visually-hidden">{ "Период" }</h2>
            <div class="presets" role="group" aria-label="Быстрый выбор периода">
                <span class="presets-label" aria-hidden="true">{ "Последние:" }</span>
                { for presets }
            </div>
            <form class="range-form" {onsubmit} novalidate=true>
                <div class="field field-inline">
                    <label for="range-from">{ "С" }</label>
                    <input id="range-from" type="date" value={(*from_text).clone()} max={today.clone()}
                        oninput={on_from_input} aria-invalid={invalid} aria-describedby={described_by} />
                </div>
                <div class="field field-inline">
                    <label for="range-to">{ "По" }</label>
                    <input id="range-to" type="date" value={(*to_text).clone()} max={today}
                        oninput={on_to_input} aria-invalid={invalid} aria-describedby={described_by} />
                </div>
                <button type="submit" class="button button-secondary">{ "Показать" }</button>
            </form>
            if let Some(message) = (*error).clone() {
                <p id="range-error" class="field-error" role="alert">{ message }</p>
            }
            <p class="range-summary">{ "Показан период: " }<strong>{ summary }</strong>{ " (дни по UTC)" }</p>
        </section>
    }
}
