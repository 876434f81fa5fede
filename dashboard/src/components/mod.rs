//! The dashboard's components, the parts the pages are made of: each receives its data as props
//! and reports through `on*` callbacks.

pub mod breakdown_table;
pub mod export_links;
pub mod headline;
pub mod interval_chart;
pub mod mini_interval_bar;
pub mod range_filter;
pub mod remote_status;
pub mod retention_note;
pub mod top_bar;
pub mod trend_chart;

/// An SVG coordinate, rounded to a tenth of a pixel (shorter markup, same picture).
pub fn px(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// The width the charts get inside a card at this viewport width (the stylesheet's paddings).
pub fn chart_width(viewport_width: f64) -> f64 {
    let page = viewport_width.min(1120.0);
    let paddings = if viewport_width < 600.0 {
        2.0 * 12.0 + 2.0 * 14.0 + 2.0
    } else {
        // Desktop browsers count their scroll bar (up to ~16 px) in the viewport width.
        2.0 * 24.0 + 2.0 * 20.0 + 2.0 + 16.0
    };
    (page - paddings).max(240.0)
}
