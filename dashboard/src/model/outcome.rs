//! The outcome of an impression: accepted all, chose some, refused all, or no answer; its name,
//! its colour and its count in a day's row. The charts, the tiles and the summaries share it.

use crate::model::api_types::DailyRow;

/// The outcome of an impression, one colour in the charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    AcceptAll,
    Custom,
    RejectAll,
    Ignored,
}

impl Outcome {
    /// Every outcome, in stacking order from the bottom.
    pub const ALL: [Outcome; 4] = [
        Outcome::AcceptAll,
        Outcome::Custom,
        Outcome::RejectAll,
        Outcome::Ignored,
    ];

    /// Its name in the legend and the tables.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::AcceptAll => "Приняли все",
            Outcome::Custom => "Выбрали часть",
            Outcome::RejectAll => "Отклонили все",
            Outcome::Ignored => "Без ответа",
        }
    }

    /// The CSS class that colours it (`styles/dashboard.css`).
    pub fn css_class(self) -> &'static str {
        match self {
            Outcome::AcceptAll => "outcome-accept",
            Outcome::Custom => "outcome-custom",
            Outcome::RejectAll => "outcome-reject",
            Outcome::Ignored => "outcome-ignored",
        }
    }

    /// Its count in a day's row.
    pub fn count(self, row: &DailyRow) -> u64 {
        match self {
            Outcome::AcceptAll => row.accept_all,
            Outcome::Custom => row.custom,
            Outcome::RejectAll => row.reject_all,
            Outcome::Ignored => row.ignored_count(),
        }
    }
}
