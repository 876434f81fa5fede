//! The date range filter: two date inputs and quick presets.

use time::Date;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::date_range::{DateRange, RangeError, PRESET_RANGE_DAYS};
use crate::model::format::{format_day, plural};
use crate::model::typed_date::{
    format_typed_date, parse_typed_date, step_typed_date, PATTERN, PLACEHOLDER,
};

/// Props of [`RangeFilter`].
#[derive(Properties, PartialEq)]
pub struct RangeFilterProps {
    pub range: DateRange,
    pub today: Date,
    pub onchange: Callback<DateRange>,
}

/// Which of the two inputs.
#[derive(Clone, Copy, PartialEq)]
enum End {
    Start,
    Finish,
}

/// Pick a range: type two dates (`дд.мм.гггг`) or take the last 7, 30 or 90 days.
#[component(RangeFilter)]
pub fn range_filter(props: &RangeFilterProps) -> Html {
    let from_text = use_state(|| format_typed_date(props.range.from()));
    let to_text = use_state(|| format_typed_date(props.range.to()));
    let error = use_state(|| None::<RangeError>);
    {
        // Follow the range when it changes elsewhere (a preset, the back button).
        let (from_text, to_text, error) = (from_text.clone(), to_text.clone(), error.clone());
        use_effect_with(props.range, move |range| {
            from_text.set(format_typed_date(range.from()));
            to_text.set(format_typed_date(range.to()));
            error.set(None);
        });
    }

    let text_of = |end: End| match end {
        End::Start => from_text.clone(),
        End::Finish => to_text.clone(),
    };
    let concerns = |problem: RangeError, end: End| match end {
        End::Start => problem.concerns_start(),
        End::Finish => problem.concerns_end(),
    };
    let oninput = |end: End| {
        let (text, error) = (text_of(end), error.clone());
        Callback::from(move |event: InputEvent| {
            text.set(event.target_unchecked_into::<HtmlInputElement>().value());
            // Typing into the input at fault takes its message away until the next check.
            if (*error).is_some_and(|problem| concerns(problem, end)) {
                error.set(None);
            }
        })
    };
    // Leaving an input: a date is rewritten in the page's format, a non-date is named at once.
    let onblur = |end: End| {
        let (text, error) = (text_of(end), error.clone());
        Callback::from(move |_: FocusEvent| match parse_typed_date(&text) {
            Ok(date) => text.set(format_typed_date(date)),
            Err(problem) if !text.trim().is_empty() => error.set(Some(match end {
                End::Start => RangeError::Start(problem),
                End::Finish => RangeError::End(problem),
            })),
            Err(_) => {}
        })
    };
    // Up and down move the date by a day, as in the browser's own date input.
    let onkeydown = |end: End| {
        let text = text_of(end);
        Callback::from(move |event: KeyboardEvent| {
            let days = match event.key().as_str() {
                "ArrowUp" => 1,
                "ArrowDown" => -1,
                _ => return,
            };
            if let Some(stepped) = step_typed_date(&text, days) {
                event.prevent_default();
                text.set(stepped);
            }
        })
    };
    let onsubmit = {
        let (from_text, to_text, error) = (from_text.clone(), to_text.clone(), error.clone());
        let onchange = props.onchange.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match DateRange::from_typed(&from_text, &to_text) {
                Ok(range) => {
                    error.set(None);
                    from_text.set(format_typed_date(range.from()));
                    to_text.set(format_typed_date(range.to()));
                    onchange.emit(range);
                }
                Err(problem) => error.set(Some(problem)),
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
    let date_input = |end: End, id: &'static str, label: &'static str| {
        let at_fault = (*error).is_some_and(|problem| concerns(problem, end));
        let described_by = if at_fault {
            "range-format range-error"
        } else {
            "range-format"
        };
        html! {
            <div class="field field-inline">
                <label for={id}>{ label }</label>
                <input
                    {id}
                    class="date-input"
                    type="text"
                    inputmode="numeric"
                    pattern={PATTERN}
                    placeholder={PLACEHOLDER}
                    autocomplete="off"
                    spellcheck="false"
                    value={(*text_of(end)).clone()}
                    oninput={oninput(end)}
                    onblur={onblur(end)}
                    onkeydown={onkeydown(end)}
                    aria-invalid={at_fault.then_some("true")}
                    aria-describedby={described_by}
                />
            </div>
        }
    };
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
                { date_input(End::Start, "range-from", "С") }
                { date_input(End::Finish, "range-to", "По") }
                <button type="submit" class="button button-secondary">{ "Показать" }</button>
            </form>
            <p id="range-format" class="hint">
                { format!("Даты — в виде {PLACEHOLDER}, например 01.11.2026; стрелки ↑ и ↓ меняют дату на день.") }
            </p>
            if let Some(problem) = *error {
                <p id="range-error" class="field-error" role="alert">{ problem.message() }</p>
            }
            <p class="range-summary">{ "Показан период: " }<strong>{ summary }</strong>{ " (дни по UTC)" }</p>
        </section>
    }
}
