//! A breakdown of the range by revision, language, device class or banner variant.

use yew::prelude::*;

use super::mini_interval_bar::MiniIntervalBar;
use crate::model::api_types::BreakdownRow;
use crate::model::format::{format_count, format_interval, format_percent};
use crate::model::labels::Dimension;

/// Props of [`BreakdownTable`].
#[derive(Properties, PartialEq)]
pub struct BreakdownTableProps {
    pub dimension: Dimension,
    pub rows: Vec<BreakdownRow>,
}

/// Impressions and the accept-all share (with a small bar and its interval) per key.
#[component(BreakdownTable)]
pub fn breakdown_table(props: &BreakdownTableProps) -> Html {
    let dimension = props.dimension;
    let heading_id = format!("breakdown-{dimension:?}").to_lowercase();
    let body = if props.rows.is_empty() {
        html! { <p class="empty">{ "Нет данных за этот период." }</p> }
    } else {
        let rows = props.rows.iter().map(|row| {
            let rate = if row.impressions > 0 {
                html! {
                    <>
                        <span class="rate-value">{ format_percent(row.accept_rate) }</span>
                        <MiniIntervalBar interval={row.accept_interval()} />
                        <span class="rate-interval">{ format_interval(row.low, row.high) }</span>
                    </>
                }
            } else if row.accept_all > 0 {
                // Decisions without impressions: their count, though no share can be computed.
                html! {
                    <>
                        <span class="rate-value">{ format_count(row.accept_all) }</span>
                        <span class="rate-interval">{ "решений; доля: нужны показы" }</span>
                    </>
                }
            } else {
                html! { "—" }
            };
            html! {
                <tr>
                    <th scope="row">{ dimension.key_label(&row.key) }</th>
                    <td class="number">{ format_count(row.impressions) }</td>
                    <td class="rate-cell">{ rate }</td>
                    <td class="number wide-only">{ format_count(row.reject_all) }</td>
                    <td class="number wide-only">{ format_count(row.custom) }</td>
                    // Without impressions nobody knows who saw the banner and did not answer.
                    <td class="number wide-only">
                        { if row.impressions > 0 { format_count(row.ignored) } else { "—".to_owned() } }
                    </td>
                </tr>
            }
        });
        html! {
            <div class="table-scroll">
                <table class="breakdown">
                    <thead>
                        <tr>
                            <th scope="col">{ dimension.key_heading() }</th>
                            <th scope="col" class="number">{ "Показы" }</th>
                            <th scope="col">{ "Приняли все (95 % интервал)" }</th>
                            <th scope="col" class="number wide-only">{ "Отклонили все" }</th>
                            <th scope="col" class="number wide-only">{ "Выбрали часть" }</th>
                            <th scope="col" class="number wide-only">{ "Без ответа" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        }
    };
    html! {
        <section class="card breakdown-card" aria-labelledby={heading_id.clone()}>
            <h3 id={heading_id}>{ dimension.title() }</h3>
            { body }
        </section>
    }
}
