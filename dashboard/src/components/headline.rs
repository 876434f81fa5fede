//! The headline numbers of the range: impressions and the four outcomes.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::api_types::{DailyRow, Rates, Totals};
use crate::model::format::format_count;
use crate::model::headline::{missing_impressions_note, outcome_tiles, OutcomeTile};

/// Props of [`HeadlineTiles`].
#[derive(Properties, PartialEq)]
pub struct HeadlineTilesProps {
    pub totals: Totals,
    pub rates: Rates,
    /// The days of the range (to name those whose decisions came without impressions).
    pub daily: Rc<Vec<DailyRow>>,
}

/// Impressions, accept all, reject all, custom and ignored: shares with 95 % intervals, or the
/// counts of decisions when no impressions were logged.
#[component(HeadlineTiles)]
pub fn headline_tiles(props: &HeadlineTilesProps) -> Html {
    let totals = &props.totals;
    let tile = |tile: OutcomeTile| {
        let second_line = match (tile.interval, tile.no_share) {
            (Some(interval), _) => html! {
                <>{ "95 % интервал: " }<span class="nowrap">{ interval }</span></>
            },
            (None, Some(reason)) => html! { reason },
            (None, None) => Html::default(),
        };
        html! {
            <li class={classes!("tile", tile.no_share.map(|_| "tile-without-share"))}>
                <span class="tile-label">
                    <span class={classes!("swatch", tile.outcome.css_class())} aria-hidden="true"></span>
                    { tile.outcome.label() }
                </span>
                <span class="tile-value">{ tile.value }</span>
                <span class="tile-detail">{ tile.counts }</span>
                <span class="tile-detail">{ second_line }</span>
            </li>
        }
    };
    let note = missing_impressions_note(totals, &props.daily).map(|text| {
        html! { <div class="notice notice-info"><p>{ text }</p></div> }
    });
    html! {
        <section class="card" aria-labelledby="headline-heading">
            <h2 id="headline-heading">{ "Итоги периода" }</h2>
            { for note }
            <ul class="tiles">
                <li class="tile tile-total">
                    <span class="tile-label">{ "Показы баннера" }</span>
                    <span class="tile-value">{ format_count(totals.impressions) }</span>
                    <span class="tile-detail">{ format!("ответили: {}", format_count(totals.first_decisions)) }</span>
                    <span class="tile-detail">
                        { format!("изменений: {} · отзывов: {}", format_count(totals.changes), format_count(totals.withdrawals)) }
                    </span>
                </li>
                { for outcome_tiles(totals, &props.rates).into_iter().map(tile) }
            </ul>
            <p class="note">
                { "Доли — от числа показов. 95 % интервал — диапазон, в котором с высокой вероятностью лежит настоящая доля; чем больше показов, тем он уже." }
            </p>
        </section>
    }
}
