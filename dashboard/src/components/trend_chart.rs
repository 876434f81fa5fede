//! The daily trend: one stacked bar per day, split into the outcomes of the impressions.

use std::rc::Rc;

use yew::prelude::*;

use super::px;
use crate::api_types::DailyRow;
use crate::date_range::parse_iso_day;
use crate::format::{format_count, format_day, plural};
use crate::trend_layout::{trend_layout, Outcome, LABEL_FONT_SIZE};

/// Props of [`TrendChart`].
#[derive(Properties, PartialEq)]
pub struct TrendChartProps {
    pub daily: Rc<Vec<DailyRow>>,
    pub width: f64,
}

/// Stacked daily bars with axes, ticks, a legend, a title and a table alternative.
#[component(TrendChart)]
pub fn trend_chart(props: &TrendChartProps) -> Html {
    let layout = trend_layout(&props.daily, props.width);
    let total: u64 = props.daily.iter().map(|row| row.impressions).sum();
    let busiest = props.daily.iter().max_by_key(|row| row.impressions);
    let days = props.daily.len() as u64;
    let description = match busiest {
        Some(row) if total > 0 => format!(
            "Столбец на каждый день: сколько показов баннера закончились тем, что посетитель принял все cookie, выбрал часть, отклонил все или не ответил. Всего {} {} за {} {}; больше всего — {} ({}).",
            format_count(total),
            plural(total, ["показ", "показа", "показов"]),
            days,
            plural(days, ["день", "дня", "дней"]),
            parse_iso_day(&row.day).map(format_day).unwrap_or_else(|| row.day.clone()),
            format_count(row.impressions),
        ),
        _ => "За этот период показов не было.".to_owned(),
    };

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
        let breakdown: Vec<String> = Outcome::ALL
            .iter()
            .filter_map(|outcome| {
                bar.segments
                    .iter()
                    .find(|s| s.outcome == *outcome)
                    .map(|s| format!("{}: {}", outcome.label().to_lowercase(), format_count(s.count)))
            })
            .collect();
        let tooltip = format!("{} — показов {}; {}", bar.day_text, format_count(bar.total), breakdown.join(", "));
        html! {
            <g>
                <title>{ tooltip }</title>
                { for bar.segments.iter().map(|segment| html! {
                    <rect class={classes!("segment", segment.outcome.css_class())}
                        x={px(bar.x)} y={px(segment.y)} width={px(bar.width)} height={px(segment.height)} />
                }) }
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
    let table_rows = props.daily.iter().map(|row| {
        html! {
            <tr>
                <th scope="row">{ parse_iso_day(&row.day).map(format_day).unwrap_or_else(|| row.day.clone()) }</th>
                <td class="number">{ format_count(row.impressions) }</td>
                <td class="number">{ format_count(row.accept_all) }</td>
                <td class="number">{ format_count(row.custom) }</td>
                <td class="number">{ format_count(row.reject_all) }</td>
                <td class="number">{ format_count(row.ignored_count()) }</td>
                <td class="number">{ format_count(row.withdrawals) }</td>
            </tr>
        }
    });

    if total == 0 {
        return html! {
            <section class="card" aria-labelledby="trend-heading">
                <h2 id="trend-heading">{ "Показы по дням" }</h2>
                <p class="empty">{ "За этот период показов не было." }</p>
            </section>
        };
    }

    html! {
        <section class="card" aria-labelledby="trend-heading">
            <h2 id="trend-heading">{ "Показы по дням" }</h2>
            <ul class="legend" aria-label="Обозначения">{ for legend }</ul>
            <figure class="chart">
                <svg class="chart-svg" width={px(layout.width)} height={px(layout.height)}
                    viewBox={format!("0 0 {} {}", px(layout.width), px(layout.height))}
                    role="img" aria-labelledby="trend-title trend-desc">
                    <title id="trend-title">{ "Показы баннера по дням и чем они закончились" }</title>
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
                            <caption class="visually-hidden">{ "Показы по дням" }</caption>
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
