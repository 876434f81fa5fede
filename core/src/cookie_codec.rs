//! The consent cookie's value: a compact, versioned text format.
//!
//! ```text
//! 1|3|1764100000|7K3M9Q2XA4BC8DEF|analytics:1+advertising:0
//! ^ ^ ^          ^                ^ each optional category's choice, in display order
//! | | |          consent id (16 Crockford base32 characters)
//! | | decision time, Unix seconds (UTC)
//! | policy revision the visitor decided on
//! format version
//! ```
//!
//! Every character is a legal cookie octet (RFC 6265), so the value needs no quoting or
//! percent-encoding. Anything that does not match exactly is refused as a whole: a refused
//! cookie means "no decision", and the banner asks again while nothing optional loads.
//! The loader's first stage (`loader/consent.js`) decodes the same format; both are held to
//! the shared vectors in `core/tests/vectors/cookie.json`.

use std::fmt;

use crate::category::{CategoryId, Choices};
use crate::consent_id::ConsentId;

/// The format version written by this codec.
pub const FORMAT_VERSION: u32 = 1;
/// Longest cookie value the decoder looks at; anything longer is refused unread.
pub const MAX_COOKIE_VALUE_LEN: usize = 1024;
/// Most optional categories one value may hold.
pub const MAX_CHOICES: usize = 32;

/// One stored decision: what the visitor chose, when, under which policy revision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentRecord {
    /// The policy revision shown when the visitor decided.
    pub revision: u32,
    /// When the visitor decided, in Unix seconds (UTC).
    pub decided_at: u64,
    /// The visitor's consent id; kept across changes of mind.
    pub consent_id: ConsentId,
    /// Each optional category's choice.
    pub choices: Choices,
}

/// Why a cookie value was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CookieError {
    /// Longer than [`MAX_COOKIE_VALUE_LEN`].
    Oversized,
    /// Not five `|`-separated fields.
    WrongFieldCount,
    /// A format version this codec does not know.
    UnsupportedVersion,
    /// The revision is not a positive whole number without leading zeros.
    BadRevision,
    /// The decision time is not a plausible Unix time in seconds.
    BadTime,
    /// The consent id is not 16 Crockford base32 characters.
    BadConsentId,
    /// The choices are not `category:0|1` pairs joined by `+`, or repeat a category.
    BadChoices,
}

impl fmt::Display for CookieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CookieError::Oversized => "the consent cookie is too long",
            CookieError::WrongFieldCount => "the consent cookie does not have five fields",
            CookieError::UnsupportedVersion => "the consent cookie has an unknown format version",
            CookieError::BadRevision => "the consent cookie's policy revision is malformed",
            CookieError::BadTime => "the consent cookie's decision time is malformed",
            CookieError::BadConsentId => "the consent cookie's consent id is malformed",
            CookieError::BadChoices => "the consent cookie's category choices are malformed",
        })
    }
}

impl std::error::Error for CookieError {}

/// Writes `record` in the cookie format.
pub fn encode_cookie(record: &ConsentRecord) -> String {
    let mut out = String::with_capacity(64);
    out.push_str(&FORMAT_VERSION.to_string());
    out.push('|');
    out.push_str(&record.revision.to_string());
    out.push('|');
    out.push_str(&record.decided_at.to_string());
    out.push('|');
    out.push_str(record.consent_id.as_str());
    out.push('|');
    for (i, (category, granted)) in record.choices.iter().enumerate() {
        if i > 0 {
            out.push('+');
        }
        out.push_str(category.as_str());
        out.push_str(if granted { ":1" } else { ":0" });
    }
    out
}

/// Reads a cookie value written by [`encode_cookie`], refusing anything else.
pub fn decode_cookie(value: &str) -> Result<ConsentRecord, CookieError> {
    if value.len() > MAX_COOKIE_VALUE_LEN {
        return Err(CookieError::Oversized);
    }
    let fields: Vec<&str> = value.split('|').collect();
    let [version, revision, decided_at, consent_id, choices] = fields[..] else {
        return Err(CookieError::WrongFieldCount);
    };
    if parse_decimal(version, 9) != Some(u64::from(FORMAT_VERSION)) {
        return Err(CookieError::UnsupportedVersion);
    }
    let revision = parse_decimal(revision, 9)
        .filter(|r| *r > 0)
        .and_then(|r| u32::try_from(r).ok())
        .ok_or(CookieError::BadRevision)?;
    // Ten or fewer digits: Unix seconds until the year 2286; zero is no real decision time.
    let decided_at = parse_decimal(decided_at, 10)
        .filter(|t| *t > 0)
        .ok_or(CookieError::BadTime)?;
    let consent_id = ConsentId::parse(consent_id).ok_or(CookieError::BadConsentId)?;
    let choices = decode_choices(choices)?;
    Ok(ConsentRecord {
        revision,
        decided_at,
        consent_id,
        choices,
    })
}

fn decode_choices(text: &str) -> Result<Choices, CookieError> {
    let mut choices = Choices::new();
    if text.is_empty() {
        return Ok(choices);
    }
    for pair in text.split('+') {
        let (id, bit) = pair.split_once(':').ok_or(CookieError::BadChoices)?;
        let granted = match bit {
            "1" => true,
            "0" => false,
            _ => return Err(CookieError::BadChoices),
        };
        let id = CategoryId::parse(id).map_err(|_| CookieError::BadChoices)?;
        if id.is_necessary() || choices.get(id.as_str()).is_some() || choices.len() == MAX_CHOICES {
            return Err(CookieError::BadChoices);
        }
        choices.set(&id, granted);
    }
    Ok(choices)
}

/// A canonical decimal: 1 to `max_digits` ASCII digits, no sign, no leading zero (except "0").
fn parse_decimal(text: &str, max_digits: usize) -> Option<u64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > max_digits || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if bytes.len() > 1 && bytes[0] == b'0' {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ConsentRecord {
        let mut choices = Choices::new();
        choices.set(&CategoryId::parse("analytics").unwrap(), true);
        choices.set(&CategoryId::parse("advertising").unwrap(), false);
        ConsentRecord {
            revision: 3,
            decided_at: 1_764_100_000,
            consent_id: ConsentId::parse("7K3M9Q2XA4BC8DEF").unwrap(),
            choices,
        }
    }

    #[test]
    fn encodes_the_documented_example() {
        assert_eq!(
            encode_cookie(&sample()),
            "1|3|1764100000|7K3M9Q2XA4BC8DEF|analytics:1+advertising:0"
        );
    }

    #[test]
    fn decodes_what_it_encodes() {
        assert_eq!(decode_cookie(&encode_cookie(&sample())), Ok(sample()));
    }

    #[test]
    fn a_record_without_optional_categories_round_trips() {
        let record = ConsentRecord {
            choices: Choices::new(),
            ..sample()
        };
        assert_eq!(encode_cookie(&record), "1|3|1764100000|7K3M9Q2XA4BC8DEF|");
        assert_eq!(decode_cookie(&encode_cookie(&record)), Ok(record));
    }
}
