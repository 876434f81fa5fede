//! Russian names for the keys the server sends; an unknown key is shown as it came.

/// A cookie category (`analytics` → `Аналитика`).
pub fn category_label(id: &str) -> String {
    match id {
        "necessary" => "Необходимые".to_owned(),
        "analytics" => "Аналитика".to_owned(),
        "advertising" => "Реклама".to_owned(),
        "functional" => "Функциональные".to_owned(),
        "personalization" => "Персонализация".to_owned(),
        other => other.to_owned(),
    }
}

/// A banner language (`kk` → `Казахский`).
pub fn language_label(code: &str) -> String {
    match code {
        "ru" => "Русский".to_owned(),
        "kk" => "Казахский".to_owned(),
        "en" => "Английский".to_owned(),
        other => other.to_owned(),
    }
}

/// A device class (`mobile` → `Телефон`).
pub fn device_label(name: &str) -> String {
    match name {
        "mobile" => "Телефон".to_owned(),
        "tablet" => "Планшет".to_owned(),
        "desktop" => "Компьютер".to_owned(),
        other => other.to_owned(),
    }
}

/// A banner variant (`none` → `Без варианта`, `b` → `Вариант B`).
pub fn variant_label(key: &str) -> String {
    match key {
        "none" | "" => "Без варианта".to_owned(),
        other => format!("Вариант {}", other.to_uppercase()),
    }
}

/// A policy revision (`3` → `Редакция 3`).
pub fn revision_label(key: &str) -> String {
    format!("Редакция {key}")
}

/// A decision (`accept_all` → `Принять все`).
pub fn action_label(action: &str) -> String {
    match action {
        "accept_all" => "Принять все".to_owned(),
        "reject_all" => "Отклонить все".to_owned(),
        "custom" => "Выборочно".to_owned(),
        "withdraw" => "Отзыв согласия".to_owned(),
        other => other.to_owned(),
    }
}

/// The text with its first letter in lower case, for a label used inside a sentence.
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The four ways the stats are broken down, in the order the overview shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    Revision,
    Language,
    Device,
    Variant,
}

impl Dimension {
    /// Every dimension, in display order.
    pub const ALL: [Dimension; 4] = [
        Dimension::Revision,
        Dimension::Language,
        Dimension::Device,
        Dimension::Variant,
    ];

    /// The heading of its table.
    pub fn title(self) -> &'static str {
        match self {
            Dimension::Revision => "По редакции политики",
            Dimension::Language => "По языку баннера",
            Dimension::Device => "По типу устройства",
            Dimension::Variant => "По варианту баннера",
        }
    }

    /// The heading of its key column.
    pub fn key_heading(self) -> &'static str {
        match self {
            Dimension::Revision => "Редакция",
            Dimension::Language => "Язык",
            Dimension::Device => "Устройство",
            Dimension::Variant => "Вариант",
        }
    }

    /// The name of one key of this dimension.
    pub fn key_label(self, key: &str) -> String {
        match self {
            Dimension::Revision => revision_label(key),
            Dimension::Language => language_label(key),
            Dimension::Device => device_label(key),
            Dimension::Variant => variant_label(key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keys_get_russian_names_and_unknown_ones_stay() {
        assert_eq!(category_label("analytics"), "Аналитика");
        assert_eq!(category_label("chat_widget"), "chat_widget");
        assert_eq!(language_label("kk"), "Казахский");
        assert_eq!(device_label("mobile"), "Телефон");
        assert_eq!(variant_label("none"), "Без варианта");
        assert_eq!(variant_label("b"), "Вариант B");
        assert_eq!(action_label("custom"), "Выборочно");
        assert_eq!(Dimension::Revision.key_label("3"), "Редакция 3");
        assert_eq!(lower_first("Вариант B"), "вариант B");
    }
}
