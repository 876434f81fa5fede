//! The A/B comparison of banner variants.

use yew::prelude::*;

use crate::components::chart_width;
use crate::components::interval_chart::{IntervalChart, IntervalRow};
use crate::components::range_filter::RangeFilter;
use crate::components::remote_status::with_stats;
use crate::model::api_types::Stats;
use crate::model::variants::{verdict_sentence, AbReport, Verdict};
use time::Date;

use crate::model::date_range::DateRange;
use crate::model::format::{
    format_count, format_decimal, format_interval, format_p_value, format_percent, format_points,
};
use crate::model::state::Remote;

/// Props of [`VariantPage`].
#[derive(Properties, PartialEq)]
pub struct VariantPageProps {
    pub range: DateRange,
    pub today: Date,
    pub stats: Remote<DateRange, Stats>,
    pub viewport_width: f64,
    pub onrangechange: Callback<DateRange>,
    pub onretry: Callback<()>,
}

/// Variants side by side, with a verdict on whether their difference is real.
#[component(VariantPage)]
pub fn variant_page(props: &VariantPageProps) -> Html {
    let width = chart_width(props.viewport_width);
    let content = with_stats(&props.stats, props.range, &props.onretry, |stats| {
        let report = AbReport::from_breakdown(&stats.breakdowns.variant);
        html! { <VariantReport {report} {width} /> }
    });
    html! {
        <>
            <h1>{ "A/B-тест баннера" }</h1>
            <RangeFilter range={props.range} today={props.today} onchange={props.onrangechange.clone()} />
            { content }
        </>
    }
}

/// Props of [`VariantReport`].
#[derive(Properties, PartialEq)]
pub struct VariantReportProps {
    pub report: AbReport,
    pub width: f64,
}

/// The chart, the verdicts and the table of one comparison.
#[component(VariantReport)]
pub fn variant_report(props: &VariantReportProps) -> Html {
    let report = &props.report;
    let (Some(reference), None) = (report.reference(), report.absence_note()) else {
        return html! {
            <section class="card">
                <h2>{ "Сравнение вариантов" }</h2>
                <p class="empty">{ report.absence_note().unwrap_or_default() }</p>
            </section>
        };
    };

    let rows: Vec<IntervalRow> = report
        .variants
        .iter()
        .map(|variant| IntervalRow {
            label: variant.label(),
            interval: variant.accept,
            detail: format!(
                "{} из {}",
                format_count(variant.accept_all),
                format_count(variant.impressions)
            ),
        })
        .collect();
    let verdicts = report.comparisons.iter().map(|comparison| {
        let (class, badge) = match comparison.verdict {
            Verdict::Better => ("verdict-real", "Разница реальная"),
            Verdict::Worse => ("verdict-real", "Разница реальная"),
            Verdict::NotSignificantYet { .. } => ("verdict-noise", "Пока не значимо"),
            Verdict::TooLittleData => ("verdict-noise", "Мало данных"),
        };
        html! {
            <li class={classes!("verdict", class)}>
                <span class="verdict-badge">{ badge }</span>
                <p>{ verdict_sentence(comparison, reference) }</p>
            </li>
        }
    });
    let table_rows = report.variants.iter().map(|variant| {
        let comparison = report
            .comparisons
            .iter()
            .find(|c| c.variant.key == variant.key);
        let (difference, p_value) = match comparison.and_then(|c| c.z_test) {
            Some(test) => (format_points(test.difference), format_p_value(test.p_value)),
            None if variant.key == reference.key => ("контроль".to_owned(), "—".to_owned()),
            None => ("—".to_owned(), "—".to_owned()),
        };
        html! {
            <tr>
                <th scope="row">{ variant.label() }</th>
                <td class="number" data-label="Показы">{ format_count(variant.impressions) }</td>
                <td class="number" data-label="Приняли все">{ format_count(variant.accept_all) }</td>
                <td class="number" data-label="Доля">{ format_percent(variant.accept.rate) }</td>
                <td class="number" data-label="95 % интервал">{ format_interval(variant.accept.low, variant.accept.high) }</td>
                <td class="number" data-label="Разница с контролем">{ difference }</td>
                <td class="number" data-label="p-значение">{ p_value }</td>
            </tr>
        }
    });
    let threshold = if report.comparisons.len() > 1 {
        format!(
            " Вариантов больше двух, поэтому порог строже: p < {} (поправка Бонферрони на {} сравнения).",
            format_decimal(report.alpha, 3),
            report.comparisons.len()
        )
    } else {
        String::new()
    };
    let without_variant = report.without_variant.as_ref().map(|none| {
        html! {
            <p class="note">
                { format!("Ещё {} показов были без варианта — они в сравнение не входят.", format_count(none.impressions)) }
            </p>
        }
    });

    html! {
        <>
            <section class="card" aria-labelledby="verdict-heading">
                <h2 id="verdict-heading">{ "Вывод" }</h2>
                <ul class="verdicts">{ for verdicts }</ul>
                <p class="note">
                    { format!("Каждый вариант сравнивается с контрольным ({}) по доле «Принять все» от показов. ", crate::model::labels::lower_first(&reference.label())) }
                    { "Разница считается реальной, если p < 0,05 по z-тесту для двух долей: тогда шанс увидеть такую разницу при равных вариантах меньше 5 %." }
                    { threshold }
                    { " Если интервалы на графике заметно перекрываются, разница, скорее всего, ещё не доказана." }
                </p>
            </section>
            <section class="card" aria-labelledby="variants-heading">
                <h2 id="variants-heading">{ "Доля «Принять все» по вариантам" }</h2>
                <IntervalChart
                    id="variants"
                    title="Доля «Принять все» по вариантам баннера"
                    description={format!(
                        "Для каждого варианта — доля показов, где посетитель принял все cookie, и её 95 % интервал. {}",
                        rows.iter().map(|r| format!("{}: {}", r.label, format_percent(r.interval.rate))).collect::<Vec<_>>().join("; ")
                    )}
                    label_heading="Вариант"
                    detail_heading="Приняли все"
                    rows={rows.clone()}
                    width={props.width}
                />
                { for without_variant }
            </section>
            <section class="card" aria-labelledby="variant-table-heading">
                <h2 id="variant-table-heading">{ "Цифры" }</h2>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="variant-table-heading">
                    <table class="stack-on-phone">
                        <thead>
                            <tr>
                                <th scope="col">{ "Вариант" }</th>
                                <th scope="col" class="number">{ "Показы" }</th>
                                <th scope="col" class="number">{ "Приняли все" }</th>
                                <th scope="col" class="number">{ "Доля" }</th>
                                <th scope="col" class="number">{ "95 % интервал" }</th>
                                <th scope="col" class="number">{ "Разница с контролем" }</th>
                                <th scope="col" class="number">{ "p-значение" }</th>
                            </tr>
                        </thead>
                        <tbody>{ for table_rows }</tbody>
                    </table>
                </div>
            </section>
        </>
    }
}
