//! The daily trend: one stacked bar per day, split into the outcomes of the impressions, or into
//! the decisions alone on a day without impressions.

use std::rc::Rc;

use yew::prelude::*;

use super::px;
use crate::model::api_types::DailyRow;
use crate::model::daily_summary::{chart_description, day_text, missing_impressions_note};
use crate::model::format::format_count;
use crate::model::outcome::Outcome;
use crate::model::trend_chart::{trend_layout, LABEL_FONT_SIZE};

/// Radius of the ring over a bar whose decisions came without impressions.
const MARK_RADIUS: f64 = 3.5;

/// Props of [`TrendChart`].
#[derive(Properties, PartialEq)]
pub struct TrendChartProps {
    pub daily: Rc<Vec<DailyRow>>,
    pub width: f64,
}

/// Stacked daily bars with axes, ticks, a legend, a title and a table alternative.
#[component(TrendChart)]
pub fn trend_chart(props: &TrendChartProps) -> Html {
    let Some(description) = chart_description(&props.daily) else {
        return html! {
            <section class="card" aria-labelledby="trend-heading">
                <h2 id="trend-heading">{ "Показы и решения по дням" }</h2>
                <p class="empty">{ "За этот период не было ни показов, ни решений." }</p>
            </section>
        };
    };
    let layout = trend_layout(&props.daily, props.width);
    let note = missing_impressions_note(&props.daily);

    let y_axis = layout.y_ticks.iter().map(|tick| {
        html! {
            <g>
                <line class="grid" x1={px(layout.plot_left)} x2={px(layout.plot_right)}
                    y1={px(tick.position)} y2={px(tick.position)} />
                <text class="tick-label" x={px(layout.plot_left - 6.0)} y={px(tick.position + LABEL_FONT_SIZE / 3.0)}
                    text-anchor="end">{ tick.label.clone() }</text>
            </g>
        }
    });
    let x_axis = layout.x_ticks.iter().map(|tick| {
        html! {
            <g>
                <line class="axis" x1={px(tick.position)} x2={px(tick.position)}
                    y1={px(layout.plot_bottom)} y2={px(layout.plot_bottom + 4.0)} />
                <text class="tick-label" x={px(tick.position)} y={px(layout.plot_bottom + 18.0)}
                    text-anchor="middle">{ tick.label.clone() }</text>
            </g>
        }
    });
    let bars = layout.bars.iter().map(|bar| {
        // A ring above the bar: these decisions came without impressions.
        let mark = bar.lacks_impressions.then(|| {
            let radius = (bar.width / 2.0).clamp(1.5, MARK_RADIUS);
            html! {
                <circle class="mark-without-impressions" cx={px(bar.x + bar.width / 2.0)}
                    cy={px(bar.top - MARK_RADIUS - 2.0)} r={px(radius)} />
            }
        });
        html! {
            <g>
                <title>{ bar.tooltip.clone() }</title>
                { for bar.segments.iter().map(|segment| html! {
                    <rect class={classes!("segment", segment.outcome.css_class())}
                        x={px(bar.x)} y={px(segment.y)} width={px(bar.width)} height={px(segment.height)} />
                }) }
                { for mark }
            </g>
        }
    });
    let legend = Outcome::ALL.iter().map(|outcome| {
        html! {
            <li>
                <span class={classes!("swatch", outcome.css_class())} aria-hidden="true"></span>
                { outcome.label() }
            </li>
        }
    });
    let mark_legend = note.is_some().then(|| {
        html! {
            <li>
                <span class="swatch swatch-without-impressions" aria-hidden="true"></span>
                { "Решения без показов" }
            </li>
        }
    });
    let table_rows = props.daily.iter().map(|row| {
        html! {
            <tr>
                <th scope="row">{ day_text(row) }</th>
                <td class="number">{ format_count(row.impressions) }</td>
                <td class="number">{ format_count(row.accept_all) }</td>
                <td class="number">{ format_count(row.custom) }</td>
                <td class="number">{ format_count(row.reject_all) }</td>
                <td class="number">{ format_count(row.ignored_count()) }</td>
                <td class="number">{ format_count(row.withdrawals) }</td>
            </tr>
        }
    });

    html! {
        <section class="card" aria-labelledby="trend-heading">
            <h2 id="trend-heading">{ "Показы и решения по дням" }</h2>
            if let Some(note) = note {
                <p class="note note-without-impressions">{ note }</p>
            }
            <ul class="legend" aria-label="Обозначения">{ for legend }{ for mark_legend }</ul>
            <figure class="chart">
                <svg class="chart-svg" width={px(layout.width)} height={px(layout.height)}
                    viewBox={format!("0 0 {} {}", px(layout.width), px(layout.height))}
                    role="img" aria-labelledby="trend-title trend-desc">
                    <title id="trend-title">{ "Показы баннера и решения посетителей по дням" }</title>
                    <desc id="trend-desc">{ description }</desc>
                    { for y_axis }
                    { for bars }
                    <line class="axis" x1={px(layout.plot_left)} x2={px(layout.plot_right)}
                        y1={px(layout.plot_bottom)} y2={px(layout.plot_bottom)} />
                    { for x_axis }
                </svg>
                <details class="table-alternative">
                    <summary>{ "Показать таблицей" }</summary>
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Таблица по дням">
                        <table>
                            <caption class="visually-hidden">{ "Показы и решения по дням" }</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{ "День" }</th>
                                    <th scope="col" class="number">{ "Показы" }</th>
                                    <th scope="col" class="number">{ Outcome::AcceptAll.label() }</th>
                                    <th scope="col" class="number">{ Outcome::Custom.label() }</th>
                                    <th scope="col" class="number">{ Outcome::RejectAll.label() }</th>
                                    <th scope="col" class="number">{ Outcome::Ignored.label() }</th>
                                    <th scope="col" class="number">{ "Отзывы" }</th>
                                </tr>
                            </thead>
                            <tbody>{ for table_rows }</tbody>
                        </table>
                    </div>
                </details>
            </figure>
        </section>
    }
}
