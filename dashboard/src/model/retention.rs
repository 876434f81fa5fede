//! What the dashboard says about how long the server keeps receipts (`retentionDays` of the
//! stats answer): marketers must know that the receipts export and the consent id lookup reach
//! back only that far, while the totals reach back to the start.

use crate::model::format::{format_count, plural};

/// The sentence under the exports for the server's retention (`None`: no limit).
pub fn retention_text(retention_days: Option<u32>) -> String {
    match retention_days {
        Some(days) => {
            let days = u64::from(days);
            format!(
                "Квитанции хранятся {} {}: более старые сервер удаляет сам, и их нет ни в \
                 выгрузке, ни в поиске по идентификатору согласия. Итоги по дням хранятся \
                 без ограничения срока.",
                format_count(days),
                plural(days, ["день", "дня", "дней"])
            )
        }
        None => "Квитанции хранятся без ограничения срока: срок хранения на сервере не задан."
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_retention_is_said_in_days_with_the_right_plural() {
        assert!(retention_text(Some(400)).starts_with("Квитанции хранятся 400 дней:"));
        assert!(retention_text(Some(1)).starts_with("Квитанции хранятся 1 день:"));
        assert!(retention_text(Some(3)).starts_with("Квитанции хранятся 3 дня:"));
        assert!(retention_text(None).contains("без ограничения срока"));
    }
}
