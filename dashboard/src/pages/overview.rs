//! The overview of a date range.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::breakdown_table::BreakdownTable;
use crate::components::chart_width;
use crate::components::export_links::ExportLinks;
use crate::components::headline::HeadlineTiles;
use crate::components::interval_chart::{IntervalChart, IntervalRow};
use crate::components::range_filter::RangeFilter;
use crate::components::remote_status::with_stats;
use crate::components::retention_note::RetentionNote;
use crate::components::trend_chart::TrendChart;
use crate::model::api_types::Stats;
use time::Date;

use crate::model::date_range::DateRange;
use crate::model::format::format_count;
use crate::model::labels::{category_label, Dimension};
use crate::model::state::Remote;

/// Props of [`OverviewPage`].
#[derive(Properties, PartialEq)]
pub struct OverviewPageProps {
    pub range: DateRange,
    pub today: Date,
    pub stats: Remote<DateRange, Stats>,
    pub viewport_width: f64,
    pub onrangechange: Callback<DateRange>,
    pub onretry: Callback<()>,
}

/// Headline tiles, category opt-in, the daily trend, the breakdowns and the CSV exports.
#[component(OverviewPage)]
pub fn overview_page(props: &OverviewPageProps) -> Html {
    let width = chart_width(props.viewport_width);
    let content = with_stats(&props.stats, props.range, &props.onretry, |stats| {
        let daily = Rc::new(stats.daily.clone());
        html! {
            <>
                <HeadlineTiles totals={stats.totals.clone()} rates={stats.rates.clone()} daily={daily.clone()} />
                <CategoryRates stats={stats.clone()} {width} />
                <TrendChart {daily} {width} />
                <section aria-labelledby="breakdowns-heading">
                    <h2 id="breakdowns-heading" class="section-heading">{ "Разрезы: доля «Принять все»" }</h2>
                    <div class="breakdown-grid">
                        { for Dimension::ALL.into_iter().map(|dimension| {
                            let rows = match dimension {
                                Dimension::Revision => &stats.breakdowns.revision,
                                Dimension::Language => &stats.breakdowns.language,
                                Dimension::Device => &stats.breakdowns.device,
                                Dimension::Variant => &stats.breakdowns.variant,
                            };
                            html! { <BreakdownTable {dimension} rows={rows.clone()} /> }
                        }) }
                    </div>
                </section>
                <RetentionNote retention_days={stats.retention_days} />
            </>
        }
    });
    html! {
        <>
            <h1>{ "Обзор согласий" }</h1>
            <RangeFilter range={props.range} today={props.today} onchange={props.onrangechange.clone()} />
            { content }
            <ExportLinks range={props.range} />
        </>
    }
}

/// Props of [`CategoryRates`].
#[derive(Properties, PartialEq)]
pub struct CategoryRatesProps {
    pub stats: Rc<Stats>,
    pub width: f64,
}

/// Per-category opt-in among first decisions.
#[component(CategoryRates)]
pub fn category_rates(props: &CategoryRatesProps) -> Html {
    let categories = props.stats.categories_in_display_order();
    let body = if categories.is_empty() || categories.iter().all(|c| c.decisions == 0) {
        html! { <p class="empty">{ "За этот период посетители не принимали решений." }</p> }
    } else {
        let rows: Vec<IntervalRow> = categories
            .into_iter()
            .map(|category| IntervalRow {
                label: category_label(&category.id),
                interval: category.interval(),
                detail: format!(
                    "{} из {}",
                    format_count(category.granted),
                    format_count(category.decisions)
                ),
            })
            .collect();
        let description = rows
            .iter()
            .map(|row| {
                format!(
                    "{}: {} ({})",
                    row.label,
                    crate::model::format::format_percent(row.interval.rate),
                    row.detail
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        html! {
            <IntervalChart
                id="categories"
                title="Доля согласий по категориям cookie"
                description={format!("Доля посетителей, разрешивших категорию, среди ответивших на баннер, с 95 % интервалом. {description}.")}
                label_heading="Категория"
                detail_heading="Разрешили"
                {rows}
                width={props.width}
            />
        }
    };
    html! {
        <section class="card" aria-labelledby="categories-heading">
            <h2 id="categories-heading">{ "Согласие по категориям" }</h2>
            <p class="note">{ "Доля ответивших на баннер, кто разрешил категорию (в том числе через «Принять все»). Чёрный «ус» — 95 % интервал." }</p>
            { body }
        </section>
    }
}
