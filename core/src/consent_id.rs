//! The random id a visitor's consent is filed under.

use std::fmt;

/// Crockford's base32 alphabet: no I, L, O or U, so an id read aloud or copied by hand survives.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in an id (80 random bits, 5 bits each).
pub const CONSENT_ID_LEN: usize = 16;

/// A consent id: 80 random bits as 16 Crockford base32 characters.
///
/// It identifies one visitor's consent across changes of mind, so the visitor can cite it when
/// writing to the company (policy 6.2.4, 9.3) and the consent log can prove what was chosen.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConsentId(String);

impl ConsentId {
    /// Makes an id from 10 random bytes (the caller supplies the randomness).
    pub fn from_random_bytes(bytes: [u8; 10]) -> Self {
        ConsentId(encode_base32(bytes))
    }

    /// Checks a stored id: exactly 16 characters of the alphabet, upper case.
    pub fn parse(text: &str) -> Option<Self> {
        (text.len() == CONSENT_ID_LEN && text.bytes().all(|b| ALPHABET.contains(&b)))
            .then(|| ConsentId(text.to_owned()))
    }

    /// The id as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id in groups of four (`7K3M-9Q2X-…`), easier to read out or copy into a letter.
    pub fn grouped(&self) -> String {
        let mut out = String::with_capacity(CONSENT_ID_LEN + 3);
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }
}

impl fmt::Display for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 80 bits as 16 Crockford base32 characters.
pub(crate) fn encode_base32(bytes: [u8; 10]) -> String {
    let mut bits: u128 = 0;
    for b in bytes {
        bits = (bits << 8) | u128::from(b);
    }
    (0..CONSENT_ID_LEN)
        .rev()
        .map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_bytes_are_sixteen_alphabet_characters() {
        let id = ConsentId::from_random_bytes([0xFF; 10]);
        assert_eq!(id.as_str(), "ZZZZZZZZZZZZZZZZ");
        let id = ConsentId::from_random_bytes([0; 10]);
        assert_eq!(id.as_str(), "0000000000000000");
        let id = ConsentId::from_random_bytes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(ConsentId::parse(id.as_str()), Some(id.clone()));
        assert_eq!(id.grouped().len(), 19);
    }

    #[test]
    fn parse_refuses_foreign_ids() {
        for bad in [
            "",
            "0000",
            "000000000000000I",
            "000000000000000a",
            "00000000000000000",
        ] {
            assert!(ConsentId::parse(bad).is_none(), "{bad}");
        }
    }
}
