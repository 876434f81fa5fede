//! Scales and ticks for the SVG charts.

/// Maps values of `[0, domain_max]` onto pixels `[range_start, range_end]` (either direction).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearScale {
    pub domain_max: f64,
    pub range_start: f64,
    pub range_end: f64,
}

impl LinearScale {
    /// A scale from zero to `domain_max` (a zero or broken maximum becomes 1, so nothing divides by 0).
    pub fn new(domain_max: f64, range_start: f64, range_end: f64) -> Self {
        let domain_max = if domain_max.is_finite() && domain_max > 0.0 {
            domain_max
        } else {
            1.0
        };
        LinearScale {
            domain_max,
            range_start,
            range_end,
        }
    }

    /// The pixel of `value`; values outside the domain are clamped to its ends.
    pub fn position(&self, value: f64) -> f64 {
        let share = (value / self.domain_max).clamp(0.0, 1.0);
        self.range_start + share * (self.range_end - self.range_start)
    }

    /// The pixel length of `value` measured from zero.
    pub fn length(&self, value: f64) -> f64 {
        (self.position(value) - self.range_start).abs()
    }
}

/// Evenly spaced "nice" ticks (steps of 1, 2 or 5 × 10ⁿ, the one nearest to `max / target_count`)
/// from 0 up to at least `max`. The last tick is the top of the axis.
pub fn nice_ticks(max: f64, target_count: usize) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let rough_step = max / target_count.max(1) as f64;
    let exponent = rough_step.log10().floor() as i32;
    let normalised = rough_step / 10f64.powi(exponent);
    // Thresholds at the geometric means between 1, 2, 5 and 10 (as d3's ticks do).
    let factor = if normalised >= 50f64.sqrt() {
        10.0
    } else if normalised >= 10f64.sqrt() {
        5.0
    } else if normalised >= 2f64.sqrt() {
        2.0
    } else {
        1.0
    };
    // i × factor × 10ⁿ, dividing for negative n so 0.6 does not come out as 0.6000000000000001.
    let tick = |i: usize| {
        let units = i as f64 * factor;
        if exponent >= 0 {
            units * 10f64.powi(exponent)
        } else {
            units / 10f64.powi(-exponent)
        }
    };
    let step = tick(1);
    let count = (max / step - 1e-9).ceil().max(1.0) as usize;
    (0..=count).map(tick).collect()
}

/// Like [`nice_ticks`] for counts: whole steps only, so an axis never reads `0,5 показа`.
pub fn count_ticks(max: u64, target_count: usize) -> Vec<u64> {
    let ticks = nice_ticks(max.max(1) as f64, target_count);
    let step = ticks.get(1).copied().unwrap_or(1.0).max(1.0).round() as u64;
    let top = ticks.last().copied().unwrap_or(1.0).ceil() as u64;
    (0..=top.div_ceil(step)).map(|i| i * step).collect()
}

/// Ticks of a 0–100 % axis: every 25 % where there is room, else every 50 %.
pub fn share_ticks(axis_width: f64) -> Vec<f64> {
    if axis_width >= 220.0 {
        vec![0.0, 0.25, 0.5, 0.75, 1.0]
    } else {
        vec![0.0, 0.5, 1.0]
    }
}

/// Which of `day_count` consecutive days get a date label when at most `max_labels` fit: every
/// 1st, 2nd, 7th, 14th or 28th day, counted back from the last day so the newest is always labelled.
pub fn day_label_indices(day_count: usize, max_labels: usize) -> Vec<usize> {
    if day_count == 0 {
        return Vec::new();
    }
    let max_labels = max_labels.max(1);
    let step = [1, 2, 7, 14, 28, 56, 91]
        .into_iter()
        .find(|step| day_count.div_ceil(*step) <= max_labels)
        .unwrap_or(day_count);
    let mut indices: Vec<usize> = (0..day_count).rev().step_by(step).collect();
    indices.reverse();
    indices
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_maps_and_clamps() {
        let scale = LinearScale::new(200.0, 100.0, 0.0); // y grows downwards
        assert_eq!(scale.position(0.0), 100.0);
        assert_eq!(scale.position(100.0), 50.0);
        assert_eq!(scale.position(400.0), 0.0);
        assert_eq!(scale.length(50.0), 25.0);
        assert_eq!(LinearScale::new(0.0, 0.0, 10.0).position(0.5), 5.0);
    }

    #[test]
    fn nice_ticks_cover_the_maximum_with_round_steps() {
        assert_eq!(
            nice_ticks(87.0, 4),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(
            nice_ticks(1200.0, 4),
            vec![0.0, 200.0, 400.0, 600.0, 800.0, 1000.0, 1200.0]
        );
        assert_eq!(
            nice_ticks(100.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(nice_ticks(0.0, 4), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        for max in [1.0, 3.0, 7.5, 13.0, 999.0, 12_345.0] {
            let ticks = nice_ticks(max, 4);
            assert!(*ticks.last().unwrap() >= max, "{max}: {ticks:?}");
            assert!((3..=9).contains(&ticks.len()), "{max}: {ticks:?}");
        }
    }

    #[test]
    fn count_ticks_are_whole_numbers() {
        assert_eq!(count_ticks(3, 4), vec![0, 1, 2, 3]);
        assert_eq!(count_ticks(0, 4), vec![0, 1]);
        assert_eq!(
            count_ticks(1200, 4),
            vec![0, 200, 400, 600, 800, 1000, 1200]
        );
    }

    #[test]
    fn narrow_share_axes_get_fewer_ticks() {
        assert_eq!(share_ticks(300.0).len(), 5);
        assert_eq!(share_ticks(150.0), vec![0.0, 0.5, 1.0]);
    }

    #[test]
    fn day_labels_thin_out_and_always_include_the_last_day() {
        assert_eq!(day_label_indices(7, 10), vec![0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(day_label_indices(7, 4), vec![0, 2, 4, 6]);
        let month = day_label_indices(30, 6);
        assert_eq!(month, vec![1, 8, 15, 22, 29]);
        let quarter = day_label_indices(90, 5);
        assert!(
            quarter.len() <= 5 && quarter.last() == Some(&89),
            "{quarter:?}"
        );
        assert!(day_label_indices(0, 5).is_empty());
    }
}
