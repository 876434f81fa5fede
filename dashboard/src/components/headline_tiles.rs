//! The headline numbers of the range: impressions and the four outcomes.

use yew::prelude::*;

use crate::api_types::{RateInterval, Rates, Totals};
use crate::format::{format_count, format_interval, format_percent};
use crate::trend_layout::Outcome;

/// Props of [`HeadlineTiles`].
#[derive(Properties, PartialEq)]
pub struct HeadlineTilesProps {
    pub totals: Totals,
    pub rates: Rates,
}

/// Impressions, accept all, reject all, custom and ignored: counts, shares and 95 % intervals.
#[component(HeadlineTiles)]
pub fn headline_tiles(props: &HeadlineTilesProps) -> Html {
    let (totals, rates) = (&props.totals, &props.rates);
    let has_impressions = totals.impressions > 0;
    let outcome_tile = |outcome: Outcome, count: u64, rate: &RateInterval| {
        let (value, interval) = if has_impressions {
            (
                format_percent(rate.rate),
                html! {
                    <>{ "95 % интервал: " }<span class="nowrap">{ format_interval(rate.low, rate.high) }</span></>
                },
            )
        } else {
            ("—".to_owned(), html! { "нет показов" })
        };
        html! {
            <li class="tile">
                <span class="tile-label">
                    <span class={classes!("swatch", outcome.css_class())} aria-hidden="true"></span>
                    { outcome.label() }
                </span>
                <span class="tile-value">{ value }</span>
                <span class="tile-detail">{ format!("{} из {}", format_count(count), format_count(totals.impressions)) }</span>
                <span class="tile-detail">{ interval }</span>
            </li>
        }
    };
    html! {
        <section class="card" aria-labelledby="headline-heading">
            <h2 id="headline-heading">{ "Итоги периода" }</h2>
            <ul class="tiles">
                <li class="tile tile-total">
                    <span class="tile-label">{ "Показы баннера" }</span>
                    <span class="tile-value">{ format_count(totals.impressions) }</span>
                    <span class="tile-detail">{ format!("ответили: {}", format_count(totals.first_decisions)) }</span>
                    <span class="tile-detail">
                        { format!("изменений: {} · отзывов: {}", format_count(totals.changes), format_count(totals.withdrawals)) }
                    </span>
                </li>
                { outcome_tile(Outcome::AcceptAll, totals.accept_all, &rates.accept_all) }
                { outcome_tile(Outcome::RejectAll, totals.reject_all, &rates.reject_all) }
                { outcome_tile(Outcome::Custom, totals.custom, &rates.custom) }
                { outcome_tile(Outcome::Ignored, totals.ignored, &rates.ignored) }
            </ul>
            <p class="note">
                { "Доли — от числа показов. 95 % интервал — диапазон, в котором с высокой вероятностью лежит настоящая доля; чем больше показов, тем он уже." }
            </p>
        </section>
    }
}
