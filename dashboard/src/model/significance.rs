//! The statistics behind "is this difference real or noise?".

/// Two-sided significance level of the A/B comparison.
pub const ALPHA: f64 = 0.05;
/// Power assumed when estimating how many impressions a test still needs.
pub const POWER: f64 = 0.8;

/// The result of a two-proportion z-test.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ZTest {
    /// Share of B minus share of A.
    pub difference: f64,
    /// The test statistic (pooled standard error).
    pub z: f64,
    /// Two-sided p-value.
    pub p_value: f64,
}

/// Pooled two-proportion z-test of `successes_a / trials_a` against `successes_b / trials_b`.
///
/// `None` when a group is empty or nothing varies (every trial a success, or none), where the test
/// says nothing.
pub fn two_proportion_z_test(
    successes_a: u64,
    trials_a: u64,
    successes_b: u64,
    trials_b: u64,
) -> Option<ZTest> {
    if trials_a == 0 || trials_b == 0 || successes_a > trials_a || successes_b > trials_b {
        return None;
    }
    let (n_a, n_b) = (trials_a as f64, trials_b as f64);
    let (p_a, p_b) = (successes_a as f64 / n_a, successes_b as f64 / n_b);
    let pooled = (successes_a + successes_b) as f64 / (n_a + n_b);
    let standard_error = (pooled * (1.0 - pooled) * (1.0 / n_a + 1.0 / n_b)).sqrt();
    if standard_error <= 0.0 || !standard_error.is_finite() {
        return None;
    }
    let z = (p_b - p_a) / standard_error;
    Some(ZTest {
        difference: p_b - p_a,
        z,
        p_value: (2.0 * (1.0 - standard_normal_cdf(z.abs()))).clamp(0.0, 1.0),
    })
}

/// Φ(x), the standard normal distribution function.
pub fn standard_normal_cdf(x: f64) -> f64 {
    0.5 * complementary_error_function(-x / std::f64::consts::SQRT_2)
}

/// erfc(x) by the Chebyshev fit of Numerical Recipes (`erfcc`), fractional error below 1.2e-7.
fn complementary_error_function(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let polynomial = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let value = t * polynomial.exp();
    if x >= 0.0 {
        value
    } else {
        2.0 - value
    }
}

/// The quantile of the standard normal for the few levels this dashboard uses.
fn normal_quantile(probability: f64) -> f64 {
    // Bisection on Φ: exact enough and free of yet another fitted polynomial.
    let (mut low, mut high) = (-10.0_f64, 10.0_f64);
    for _ in 0..100 {
        let middle = (low + high) / 2.0;
        if standard_normal_cdf(middle) < probability {
            low = middle;
        } else {
            high = middle;
        }
    }
    (low + high) / 2.0
}

/// Impressions each variant needs to show a difference between shares `p_a` and `p_b` at level
/// `alpha` (two-sided) with power [`POWER`]; `None` when the shares are equal.
pub fn impressions_needed_per_variant(p_a: f64, p_b: f64, alpha: f64) -> Option<u64> {
    let difference = (p_b - p_a).abs();
    if difference < 1e-9 || !(0.0..=1.0).contains(&p_a) || !(0.0..=1.0).contains(&p_b) {
        return None;
    }
    let z_alpha = normal_quantile(1.0 - alpha / 2.0);
    let z_power = normal_quantile(POWER);
    let variance = p_a * (1.0 - p_a) + p_b * (1.0 - p_b);
    Some(((z_alpha + z_power).powi(2) * variance / difference.powi(2)).ceil() as u64)
}

/// Whether two intervals share any value.
pub fn intervals_overlap(a: (f64, f64), b: (f64, f64)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// Whether the normal approximation behind the z-test holds: at least 5 successes and 5
/// failures in each group (the usual rule of thumb).
pub fn enough_for_normal_approximation(successes: u64, trials: u64) -> bool {
    successes >= 5 && trials.saturating_sub(successes) >= 5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn the_normal_distribution_function_matches_tables() {
        assert!(close(standard_normal_cdf(0.0), 0.5, 1e-7));
        assert!(close(standard_normal_cdf(1.959_964), 0.975, 1e-6));
        assert!(close(standard_normal_cdf(-1.0), 0.158_655_3, 1e-6));
        assert!(close(standard_normal_cdf(3.0), 0.998_650_1, 1e-6));
        assert!(close(normal_quantile(0.975), 1.959_964, 1e-5));
        assert!(close(normal_quantile(0.8), 0.841_621, 1e-5));
    }

    #[test]
    fn the_z_test_agrees_with_a_textbook_example() {
        // 230/600 against 270/600: z ≈ 2.342, p ≈ 0.0192 (R: prop.test without continuity correction).
        let test = two_proportion_z_test(230, 600, 270, 600).unwrap();
        assert!(close(test.difference, 40.0 / 600.0, 1e-12));
        assert!(close(test.z, 2.3422, 1e-3), "{}", test.z);
        assert!(close(test.p_value, 0.0192, 3e-4), "{}", test.p_value);
    }

    #[test]
    fn equal_shares_give_no_evidence() {
        let test = two_proportion_z_test(50, 100, 500, 1000).unwrap();
        assert!(close(test.z, 0.0, 1e-12));
        assert!(close(test.p_value, 1.0, 1e-6));
    }

    #[test]
    fn the_z_test_refuses_degenerate_groups() {
        assert_eq!(two_proportion_z_test(0, 0, 5, 10), None);
        assert_eq!(two_proportion_z_test(10, 10, 20, 20), None);
        assert_eq!(two_proportion_z_test(0, 10, 0, 20), None);
        assert_eq!(two_proportion_z_test(11, 10, 5, 10), None);
    }

    #[test]
    fn a_huge_difference_has_a_tiny_p_value() {
        let test = two_proportion_z_test(100, 1000, 900, 1000).unwrap();
        assert!(test.p_value < 1e-6);
    }

    #[test]
    fn sample_size_grows_as_the_difference_shrinks() {
        // 40 % vs 45 %: about 1 530 per group at α = 0.05, power 0.8.
        let needed = impressions_needed_per_variant(0.40, 0.45, ALPHA).unwrap();
        assert!((1500..=1560).contains(&needed), "{needed}");
        let smaller = impressions_needed_per_variant(0.40, 0.41, ALPHA).unwrap();
        assert!(smaller > needed * 20);
        assert_eq!(impressions_needed_per_variant(0.4, 0.4, ALPHA), None);
    }

    #[test]
    fn overlap_is_symmetric_and_includes_touching() {
        assert!(intervals_overlap((0.1, 0.3), (0.2, 0.4)));
        assert!(intervals_overlap((0.2, 0.4), (0.1, 0.3)));
        assert!(intervals_overlap((0.1, 0.2), (0.2, 0.3)));
        assert!(!intervals_overlap((0.1, 0.2), (0.25, 0.3)));
    }

    #[test]
    fn tiny_groups_are_flagged() {
        assert!(!enough_for_normal_approximation(3, 100));
        assert!(!enough_for_normal_approximation(97, 100));
        assert!(enough_for_normal_approximation(50, 100));
    }
}
