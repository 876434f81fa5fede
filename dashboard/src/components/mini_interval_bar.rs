//! A small bar with its interval whisker, for table cells.

use yew::prelude::*;

use super::px;
use crate::model::api_types::RateInterval;
use crate::model::chart_scale::LinearScale;

const WIDTH: f64 = 100.0;
const HEIGHT: f64 = 14.0;

/// Props of [`MiniIntervalBar`].
#[derive(Properties, PartialEq)]
pub struct MiniIntervalBarProps {
    pub interval: RateInterval,
}

/// A 0–100 % track, the share as a bar and the 95 % interval as a whisker. Decorative: the
/// numbers stand next to it in the same cell.
#[component(MiniIntervalBar)]
pub fn mini_interval_bar(props: &MiniIntervalBarProps) -> Html {
    let scale = LinearScale::new(1.0, 0.0, WIDTH);
    let interval = props.interval;
    let (low, high) = (scale.position(interval.low), scale.position(interval.high));
    let middle = HEIGHT / 2.0;
    html! {
        <svg class="mini-bar" width={px(WIDTH)} height={px(HEIGHT)}
            viewBox={format!("0 0 {} {}", px(WIDTH), px(HEIGHT))} aria-hidden="true" focusable="false">
            <rect class="track" x="0" y="3" width={px(WIDTH)} height="8" rx="2" />
            <rect class="bar-rate" x="0" y="3" width={px(scale.length(interval.rate))} height="8" rx="2" />
            <line class="whisker" x1={px(low)} x2={px(high)} y1={px(middle)} y2={px(middle)} />
            <line class="whisker" x1={px(low)} x2={px(low)} y1="1" y2="13" />
            <line class="whisker" x1={px(high)} x2={px(high)} y1="1" y2="13" />
        </svg>
    }
}
