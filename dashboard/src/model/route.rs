//! The dashboard's URLs: which page, which date range, which consent id. Everything a view shows
//! is in its URL, so a marketer can share or bookmark it.

use time::Date;

use crate::model::date_range::{percent_encode, query_value, DateRange};

/// Where the server serves the dashboard (`Trunk.toml`'s `public_url`).
pub const BASE_PATH: &str = "/dashboard/";

/// A page of the dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    Overview,
    Variants,
    Receipts,
}

impl Page {
    /// Every page, in the order of the navigation.
    pub const ALL: [Page; 3] = [Page::Overview, Page::Variants, Page::Receipts];

    /// Its path below [`BASE_PATH`].
    pub fn slug(self) -> &'static str {
        match self {
            Page::Overview => "",
            Page::Variants => "variants",
            Page::Receipts => "receipts",
        }
    }

    /// Its name in the navigation and the document title.
    pub fn title(self) -> &'static str {
        match self {
            Page::Overview => "Обзор",
            Page::Variants => "A/B-тест",
            Page::Receipts => "Проверка согласия",
        }
    }

    /// Whether the page shows the stats of a date range.
    pub fn shows_stats(self) -> bool {
        matches!(self, Page::Overview | Page::Variants)
    }
}

/// A page with its query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub page: Page,
    pub range: DateRange,
    /// The consent id typed into the lookup, as it was typed (normalised when it is looked up).
    pub consent_id: Option<String>,
}

impl Location {
    /// Reads the browser's `pathname` and `search`; an unknown page is the overview and a missing or
    /// broken range is the last 30 days.
    pub fn parse(pathname: &str, search: &str, today: Date) -> Self {
        let slug = pathname
            .strip_prefix(BASE_PATH)
            .or_else(|| pathname.strip_prefix(BASE_PATH.trim_end_matches('/')))
            .unwrap_or("")
            .trim_matches('/');
        let page = Page::ALL
            .into_iter()
            .find(|page| page.slug() == slug)
            .unwrap_or(Page::Overview);
        let consent_id = query_value(search, "id").filter(|id| !id.trim().is_empty());
        Location {
            page,
            range: DateRange::from_query(search, today),
            consent_id,
        }
    }

    /// The URL of this location (path and query).
    pub fn href(&self) -> String {
        let mut href = format!("{BASE_PATH}{}?{}", self.page.slug(), self.range.to_query());
        if let Some(id) = &self.consent_id {
            href.push_str("&id=");
            href.push_str(&percent_encode(id));
        }
        href
    }

    /// The same view on another page (the range goes along; the consent id only to the lookup).
    pub fn with_page(&self, page: Page) -> Self {
        Location {
            page,
            range: self.range,
            consent_id: if page == Page::Receipts {
                self.consent_id.clone()
            } else {
                None
            },
        }
    }

    /// The same page for another range.
    pub fn with_range(&self, range: DateRange) -> Self {
        Location {
            range,
            ..self.clone()
        }
    }

    /// The lookup page for a consent id.
    pub fn with_consent_id(&self, consent_id: String) -> Self {
        Location {
            page: Page::Receipts,
            consent_id: Some(consent_id),
            ..self.clone()
        }
    }
}

/// The API path of the stats; the range goes in its query ([`DateRange::query_pairs`]).
pub const STATS_PATH: &str = "/api/v1/stats";

/// The API URL of one consent id's receipts.
pub fn receipts_url(consent_id: &str) -> String {
    format!("/api/v1/receipts/{}", percent_encode(consent_id))
}

/// The CSV export of every decision in a range.
pub fn receipts_csv_url(range: DateRange) -> String {
    format!("/api/v1/export/receipts.csv?{}", range.to_query())
}

/// The CSV export of the daily counts of a range.
pub fn daily_csv_url(range: DateRange) -> String {
    format!("/api/v1/export/daily.csv?{}", range.to_query())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        crate::model::iso_day::parse_iso_day("2026-11-25").unwrap()
    }

    #[test]
    fn a_shared_link_opens_the_same_view() {
        let range = DateRange::parse("2026-10-01", "2026-10-31").unwrap();
        let location = Location {
            page: Page::Variants,
            range,
            consent_id: None,
        };
        let href = location.href();
        assert_eq!(href, "/dashboard/variants?from=2026-10-01&to=2026-10-31");
        let (path, query) = href.split_once('?').unwrap();
        assert_eq!(
            Location::parse(path, &format!("?{query}"), today()),
            location
        );
    }

    #[test]
    fn the_consent_id_travels_in_the_lookup_url() {
        let location =
            Location::parse("/dashboard/", "", today()).with_consent_id("0810 40g2".to_owned());
        assert_eq!(location.page, Page::Receipts);
        assert!(
            location.href().ends_with("&id=0810%2040g2"),
            "{}",
            location.href()
        );
        let back = Location::parse("/dashboard/receipts", "?id=0810%2040g2", today());
        assert_eq!(back.consent_id.as_deref(), Some("0810 40g2"));
        assert_eq!(location.with_page(Page::Overview).consent_id, None);
    }

    #[test]
    fn unknown_paths_fall_back_to_the_overview() {
        for path in ["/dashboard", "/dashboard/", "/dashboard/nope", "/elsewhere"] {
            assert_eq!(
                Location::parse(path, "", today()).page,
                Page::Overview,
                "{path}"
            );
        }
        assert_eq!(
            Location::parse("/dashboard/receipts/", "", today()).page,
            Page::Receipts
        );
    }

    #[test]
    fn api_urls_carry_the_range() {
        let range = DateRange::parse("2026-11-01", "2026-11-25").unwrap();
        assert_eq!(
            range.query_pairs(),
            [
                ("from", "2026-11-01".to_owned()),
                ("to", "2026-11-25".to_owned())
            ]
        );
        assert_eq!(
            receipts_csv_url(range),
            "/api/v1/export/receipts.csv?from=2026-11-01&to=2026-11-25"
        );
        assert_eq!(
            daily_csv_url(range),
            "/api/v1/export/daily.csv?from=2026-11-01&to=2026-11-25"
        );
        assert_eq!(
            receipts_url("081040G2081040G2"),
            "/api/v1/receipts/081040G2081040G2"
        );
    }
}
