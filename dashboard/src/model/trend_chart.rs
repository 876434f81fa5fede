//! Geometry of the daily trend chart: one stacked bar per day, split into the four outcomes of
//! an impression (a day whose decisions arrived without impressions stacks its decisions alone). Computed here, in pixels, for the width the chart really has, so its text stays
//! at a readable size on a phone instead of being scaled down with the whole picture.

use crate::model::api_types::DailyRow;
use crate::model::chart_scale::{count_ticks, day_label_indices, LinearScale};
use crate::model::daily_summary::{day_tooltip, lacks_impressions};
use crate::model::format::{format_count, format_day_short};
use crate::model::iso_day::parse_iso_day;
use crate::model::outcome::Outcome;

/// Font size of the axis labels, in pixels (the stylesheet uses the same).
pub const LABEL_FONT_SIZE: f64 = 12.0;
/// Rough width of one digit of the label font, for reserving room.
const DIGIT_WIDTH: f64 = 7.5;

/// A tick on an axis: its text and where it goes.
#[derive(Clone, Debug, PartialEq)]
pub struct AxisTick {
    pub label: String,
    pub position: f64,
}

/// One outcome's part of a day's bar.
#[derive(Clone, Debug, PartialEq)]
pub struct BarSegment {
    pub outcome: Outcome,
    pub count: u64,
    pub y: f64,
    pub height: f64,
}

/// One day's bar.
#[derive(Clone, Debug, PartialEq)]
pub struct DayBar {
    /// What the bar says when pointed at (date, impressions, each outcome).
    pub tooltip: String,
    pub x: f64,
    pub width: f64,
    /// The y of the top of the stack (the plot's bottom for an empty day).
    pub top: f64,
    /// Everything stacked: the impressions' outcomes, or the decisions alone.
    pub total: u64,
    /// Decisions but no impressions: the chart marks the bar.
    pub lacks_impressions: bool,
    pub segments: Vec<BarSegment>,
}

/// Everything the trend chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendLayout {
    pub width: f64,
    pub height: f64,
    pub plot_left: f64,
    pub plot_right: f64,
    pub plot_top: f64,
    pub plot_bottom: f64,
    pub bars: Vec<DayBar>,
    pub y_ticks: Vec<AxisTick>,
    pub x_ticks: Vec<AxisTick>,
}

/// Lays out the daily chart for a drawing `width` pixels wide.
pub fn trend_layout(rows: &[DailyRow], width: f64) -> TrendLayout {
    let width = width.max(240.0);
    let height = if width < 500.0 { 220.0 } else { 260.0 };
    let highest_stack = rows
        .iter()
        .map(|row| Outcome::ALL.iter().map(|o| o.count(row)).sum::<u64>())
        .max()
        .unwrap_or(0);
    let tick_values = count_ticks(highest_stack, if height < 240.0 { 4 } else { 5 });
    let axis_max = tick_values.last().copied().unwrap_or(1).max(1);
    let widest_label = tick_values
        .iter()
        .map(|value| format_count(*value).chars().count())
        .max()
        .unwrap_or(1);

    let plot_left = 10.0 + widest_label as f64 * DIGIT_WIDTH;
    let plot_right = width - 8.0;
    let plot_top = 10.0;
    let plot_bottom = height - 28.0;
    let y_scale = LinearScale::new(axis_max as f64, plot_bottom, plot_top);

    let y_ticks = tick_values
        .iter()
        .map(|value| AxisTick {
            label: format_count(*value),
            position: y_scale.position(*value as f64),
        })
        .collect();

    let slot = (plot_right - plot_left) / rows.len().max(1) as f64;
    let bar_width = if slot >= 4.0 {
        (slot * 0.75).min(36.0)
    } else {
        slot
    };
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let x = plot_left + slot * i as f64 + (slot - bar_width) / 2.0;
            let mut base = 0u64;
            let segments = Outcome::ALL
                .iter()
                .map(|&outcome| {
                    let count = outcome.count(row);
                    let top = y_scale.position((base + count) as f64);
                    let bottom = y_scale.position(base as f64);
                    base += count;
                    BarSegment {
                        outcome,
                        count,
                        y: top,
                        height: bottom - top,
                    }
                })
                .filter(|segment| segment.count > 0)
                .collect();
            DayBar {
                tooltip: day_tooltip(row),
                x,
                width: bar_width,
                top: y_scale.position(base as f64),
                total: base,
                lacks_impressions: lacks_impressions(row),
                segments,
            }
        })
        .collect();

    let label_room = 5.0 * DIGIT_WIDTH + 12.0;
    let max_labels = ((plot_right - plot_left) / label_room).floor() as usize;
    let x_ticks = day_label_indices(rows.len(), max_labels)
        .into_iter()
        .map(|i| AxisTick {
            label: parse_iso_day(&rows[i].day)
                .map(format_day_short)
                .unwrap_or_else(|| rows[i].day.clone()),
            position: plot_left + slot * (i as f64 + 0.5),
        })
        .collect();

    TrendLayout {
        width,
        height,
        plot_left,
        plot_right,
        plot_top,
        plot_bottom,
        bars,
        y_ticks,
        x_ticks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::api_types::{fixtures::STATS_JSON, parse_stats};

    fn rows(days: usize) -> Vec<DailyRow> {
        (0..days)
            .map(|i| DailyRow {
                day: (parse_iso_day("2024-10-04").unwrap() + time::Duration::days(i as i64))
                    .to_string(),
                impressions: 100 + i as u64,
                accept_all: 40,
                reject_all: 20,
                custom: 10,
                withdrawals: 0,
                ignored: None,
            })
            .collect()
    }

    #[test]
    fn stacked_segments_add_up_to_each_days_impressions() {
        let stats = parse_stats(STATS_JSON).unwrap();
        let layout = trend_layout(&stats.daily, 640.0);
        assert_eq!(layout.bars.len(), 3);
        let first = &layout.bars[0];
        assert_eq!(first.total, 400);
        assert_eq!(first.segments.len(), 4);
        let stacked: f64 = first.segments.iter().map(|s| s.height).sum();
        let top = first.segments.last().unwrap().y;
        assert!((layout.plot_bottom - top - stacked).abs() < 1e-6);
        assert!(
            layout.bars[1].segments.is_empty(),
            "a day without impressions has no bar"
        );
        assert_eq!(
            first.segments[0].outcome,
            Outcome::AcceptAll,
            "accept-all at the bottom"
        );
        assert!(first.tooltip.starts_with("01.11.2026 — "));
        assert!(!first.lacks_impressions);
        assert_eq!(first.top, top);
    }

    #[test]
    fn the_tallest_bar_fits_under_the_top_tick() {
        let stats = parse_stats(STATS_JSON).unwrap();
        let layout = trend_layout(&stats.daily, 640.0);
        let top_tick = layout.y_ticks.last().unwrap();
        assert_eq!(top_tick.label, "800");
        assert_eq!(top_tick.position, layout.plot_top);
        for bar in &layout.bars {
            for segment in &bar.segments {
                assert!(segment.y >= layout.plot_top - 1e-9);
                assert!(segment.y + segment.height <= layout.plot_bottom + 1e-9);
            }
        }
    }

    #[test]
    fn bars_stay_inside_the_plot_at_phone_and_desktop_widths() {
        for (width, days) in [(343.0, 7), (343.0, 90), (1200.0, 30), (1200.0, 366)] {
            let layout = trend_layout(&rows(days), width);
            assert_eq!(layout.bars.len(), days);
            let last = layout.bars.last().unwrap();
            assert!(layout.bars[0].x >= layout.plot_left - 1e-9);
            assert!(last.x + last.width <= layout.plot_right + 1e-9);
            assert!(last.width > 0.0);
        }
    }

    #[test]
    fn day_labels_do_not_crowd_a_phone_screen() {
        let layout = trend_layout(&rows(90), 343.0);
        let positions: Vec<f64> = layout.x_ticks.iter().map(|t| t.position).collect();
        assert!(
            positions.len() >= 2 && positions.len() <= 7,
            "{positions:?}"
        );
        for pair in positions.windows(2) {
            assert!(pair[1] - pair[0] >= 5.0 * DIGIT_WIDTH, "{positions:?}");
        }
        assert_eq!(layout.height, 220.0);
    }

    #[test]
    fn a_day_with_decisions_but_no_impressions_stacks_its_decisions() {
        let mut rows = rows(3);
        rows[1] = DailyRow {
            impressions: 0,
            accept_all: 100_000,
            reject_all: 50_000,
            custom: 12_750,
            ..rows[1].clone()
        };
        let layout = trend_layout(&rows, 640.0);
        let bar = &layout.bars[1];
        assert!(bar.lacks_impressions);
        assert_eq!(bar.total, 162_750);
        assert_eq!(
            bar.segments.len(),
            3,
            "no ignored share without impressions"
        );
        assert!(bar.top >= layout.plot_top);
        assert!(
            layout.bars.iter().all(|other| other.top >= bar.top),
            "it is the tallest bar"
        );
        assert_eq!(
            layout.y_ticks.last().unwrap().label.replace('\u{a0}', " "),
            "200 000"
        );
        assert!(!layout.bars[0].lacks_impressions);
    }

    #[test]
    fn an_empty_range_still_has_an_axis() {
        let layout = trend_layout(&[], 640.0);
        assert!(layout.bars.is_empty() && layout.x_ticks.is_empty());
        let labels: Vec<&str> = layout.y_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["0", "1"]);
    }
}
