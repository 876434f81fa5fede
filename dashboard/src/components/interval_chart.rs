//! Horizontal bars of shares with their 95 % interval whiskers (category opt-in, A/B variants).

use yew::prelude::*;

use super::px;
use crate::model::api_types::RateInterval;
use crate::model::chart_scale::{share_ticks, LinearScale};
use crate::model::format::{format_interval, format_percent, format_percent_whole};

const ROW_HEIGHT: f64 = 50.0;
const AXIS_HEIGHT: f64 = 24.0;
const SIDE_PADDING: f64 = 6.0;

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub struct IntervalRow {
    pub label: String,
    pub interval: RateInterval,
    /// Counts behind the share, e.g. `600 из 900`.
    pub detail: String,
}

/// Props of [`IntervalChart`].
#[derive(Properties, PartialEq)]
pub struct IntervalChartProps {
    /// Prefix of the element ids (unique on the page).
    pub id: AttrValue,
    pub title: AttrValue,
    pub description: AttrValue,
    /// Heading of the first column of the table alternative.
    pub label_heading: AttrValue,
    /// Heading of the counts column of the table alternative.
    pub detail_heading: AttrValue,
    pub rows: Vec<IntervalRow>,
    pub width: f64,
}

/// One labelled bar per row on a 0–100 % axis; the whisker spans the 95 % interval.
#[component(IntervalChart)]
pub fn interval_chart(props: &IntervalChartProps) -> Html {
    let width = props.width;
    let plot = (SIDE_PADDING, width - SIDE_PADDING);
    let scale = LinearScale::new(1.0, plot.0, plot.1);
    let height = ROW_HEIGHT * props.rows.len() as f64 + AXIS_HEIGHT;
    let axis_y = ROW_HEIGHT * props.rows.len() as f64;
    let (title_id, desc_id) = (format!("{}-title", props.id), format!("{}-desc", props.id));

    let grid = share_ticks(plot.1 - plot.0).into_iter().map(|tick| {
        let x = scale.position(tick);
        let anchor = if tick == 0.0 {
            "start"
        } else if tick == 1.0 {
            "end"
        } else {
            "middle"
        };
        html! {
            <g>
                <line class="grid" x1={px(x)} x2={px(x)} y1="0" y2={px(axis_y)} />
                <text class="tick-label" x={px(x)} y={px(axis_y + 16.0)} text-anchor={anchor}>
                    { format_percent_whole(tick) }
                </text>
            </g>
        }
    });
    let bars = props.rows.iter().enumerate().map(|(i, row)| {
        let top = ROW_HEIGHT * i as f64;
        let (bar_y, bar_height) = (top + 24.0, 16.0);
        let middle = bar_y + bar_height / 2.0;
        let interval = row.interval;
        let (low, high) = (scale.position(interval.low), scale.position(interval.high));
        let value = format!("{} ({})", format_percent(interval.rate), format_interval(interval.low, interval.high));
        html! {
            <g>
                <title>{ format!("{}: {}, {}", row.label, value, row.detail) }</title>
                <text class="bar-label" x={px(plot.0)} y={px(top + 16.0)}>{ row.label.clone() }</text>
                <text class="bar-value" x={px(plot.1)} y={px(top + 16.0)} text-anchor="end">{ value }</text>
                <rect class="bar-rate" x={px(plot.0)} y={px(bar_y)}
                    width={px(scale.length(interval.rate))} height={px(bar_height)} />
                <line class="whisker" x1={px(low)} x2={px(high)} y1={px(middle)} y2={px(middle)} />
                <line class="whisker" x1={px(low)} x2={px(low)} y1={px(bar_y - 3.0)} y2={px(bar_y + bar_height + 3.0)} />
                <line class="whisker" x1={px(high)} x2={px(high)} y1={px(bar_y - 3.0)} y2={px(bar_y + bar_height + 3.0)} />
            </g>
        }
    });
    let table_rows = props.rows.iter().map(|row| {
        html! {
            <tr>
                <th scope="row">{ row.label.clone() }</th>
                <td class="number">{ row.detail.clone() }</td>
                <td class="number">{ format_percent(row.interval.rate) }</td>
                <td class="number">{ format_interval(row.interval.low, row.interval.high) }</td>
            </tr>
        }
    });

    html! {
        <figure class="chart">
            <svg class="chart-svg" width={px(width)} height={px(height)}
                viewBox={format!("0 0 {} {}", px(width), px(height))}
                role="img" aria-labelledby={format!("{title_id} {desc_id}")}>
                <title id={title_id}>{ props.title.clone() }</title>
                <desc id={desc_id}>{ props.description.clone() }</desc>
                { for grid }
                { for bars }
            </svg>
            <details class="table-alternative">
                <summary>{ "Показать таблицей" }</summary>
                <div class="table-scroll">
                    <table>
                        <caption class="visually-hidden">{ props.title.clone() }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ props.label_heading.clone() }</th>
                                <th scope="col" class="number">{ props.detail_heading.clone() }</th>
                                <th scope="col" class="number">{ "Доля" }</th>
                                <th scope="col" class="number">{ "95 % интервал" }</th>
                            </tr>
                        </thead>
                        <tbody>{ for table_rows }</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}
