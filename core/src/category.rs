//! Consent categories and the visitor's choice for each.

use std::fmt;

/// Longest category id accepted, in bytes.
pub const MAX_CATEGORY_ID_LEN: usize = 32;

/// The id of the strictly necessary category: always granted, never stored, never refusable.
pub const NECESSARY: &str = "necessary";
/// The id of the analytics category (the statistics pixel, policy clause 3.3).
pub const ANALYTICS: &str = "analytics";
/// The id of the advertising category (policy clause 4.1.4).
pub const ADVERTISING: &str = "advertising";
/// The id of the functional category: other services' content on the site's pages (videos, maps,
/// chats). Built in for its texts; a site lists it when it embeds such content.
pub const FUNCTIONAL: &str = "functional";

/// A category id: 1 to 32 of `a-z`, `0-9`, `_`, `-`, starting with a letter.
///
/// The restriction keeps ids safe inside the cookie value, CSS selectors and HTML attributes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CategoryId(String);

impl CategoryId {
    /// Checks `id` and wraps it, or says why it is not a valid id.
    pub fn parse(id: &str) -> Result<Self, InvalidCategoryId> {
        if is_valid_category_id(id) {
            Ok(CategoryId(id.to_owned()))
        } else {
            Err(InvalidCategoryId)
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for the strictly necessary category.
    pub fn is_necessary(&self) -> bool {
        self.0 == NECESSARY
    }

    pub(crate) fn from_static(id: &'static str) -> Self {
        debug_assert!(is_valid_category_id(id));
        CategoryId(id.to_owned())
    }
}

impl fmt::Display for CategoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The error of [`CategoryId::parse`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidCategoryId;

impl fmt::Display for InvalidCategoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a category id is 1 to 32 characters of a-z, 0-9, '_' or '-', starting with a letter",
        )
    }
}

fn is_valid_category_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_CATEGORY_ID_LEN
        && bytes[0].is_ascii_lowercase()
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_' || *b == b'-')
}

/// What the visitor chose for each optional category, in display order.
///
/// The strictly necessary category is never listed: it cannot be refused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices(Vec<(CategoryId, bool)>);

impl Choices {
    /// No choices at all.
    pub fn new() -> Self {
        Choices(Vec::new())
    }

    /// Every category in `categories` set to `granted`.
    pub fn all<'a>(categories: impl IntoIterator<Item = &'a CategoryId>, granted: bool) -> Self {
        Choices(
            categories
                .into_iter()
                .map(|c| (c.clone(), granted))
                .collect(),
        )
    }

    /// Sets the choice for `category`, adding it if it is not listed yet. Necessary is ignored.
    pub fn set(&mut self, category: &CategoryId, granted: bool) {
        if category.is_necessary() {
            return;
        }
        match self.0.iter_mut().find(|(c, _)| c == category) {
            Some(entry) => entry.1 = granted,
            None => self.0.push((category.clone(), granted)),
        }
    }

    /// The recorded choice for `category`, if any. Necessary is always granted.
    pub fn get(&self, category: &str) -> Option<bool> {
        if category == NECESSARY {
            return Some(true);
        }
        self.0
            .iter()
            .find(|(c, _)| c.as_str() == category)
            .map(|(_, g)| *g)
    }

    /// True only when `category` is recorded as granted (or is the necessary category).
    pub fn is_granted(&self, category: &str) -> bool {
        self.get(category) == Some(true)
    }

    /// All recorded choices in order.
    pub fn iter(&self) -> impl Iterator<Item = (&CategoryId, bool)> {
        self.0.iter().map(|(c, g)| (c, *g))
    }

    /// The categories recorded as granted, in order.
    pub fn granted(&self) -> impl Iterator<Item = &CategoryId> {
        self.0.iter().filter(|(_, g)| *g).map(|(c, _)| c)
    }

    /// Number of recorded choices.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// These choices restricted to `categories`, in their order; unlisted ones default to refused.
    pub fn for_categories<'a>(&self, categories: impl IntoIterator<Item = &'a CategoryId>) -> Self {
        Choices(
            categories
                .into_iter()
                .map(|c| (c.clone(), self.is_granted(c.as_str())))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_ids_accept_only_the_safe_alphabet() {
        for ok in ["analytics", "a", "ads-2", "x_y", &"a".repeat(32)] {
            assert!(CategoryId::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "Analytics",
            "1abc",
            "-a",
            "a b",
            "a|b",
            "a:b",
            "a+b",
            "ана",
            &"a".repeat(33),
        ] {
            assert!(CategoryId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn necessary_is_always_granted_and_never_stored() {
        let mut choices = Choices::new();
        choices.set(&CategoryId::from_static(NECESSARY), false);
        assert!(choices.is_empty());
        assert!(choices.is_granted(NECESSARY));
    }

    #[test]
    fn unknown_categories_count_as_refused() {
        let mut choices = Choices::new();
        choices.set(&CategoryId::from_static(ANALYTICS), true);
        assert!(choices.is_granted(ANALYTICS));
        assert!(!choices.is_granted(ADVERTISING));
        assert_eq!(choices.get(ADVERTISING), None);
    }
}
