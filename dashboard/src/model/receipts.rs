//! Reading a consent id as a person types or pastes it.
//!
//! Visitors quote their id from the banner in groups (`7K3M-9Q2X-…`), in lower case, or typed on a
//! Russian keyboard layout; the id format itself lives in the core crate.

use jl_consent_core::consent_id::{ConsentId, CONSENT_ID_LEN};

/// Why a typed consent id was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsentIdInputError {
    /// Nothing typed.
    Empty,
    /// Not 16 characters once spaces and dashes are removed.
    WrongLength(usize),
    /// A character that is not in the id alphabet.
    InvalidCharacter(char),
}

impl ConsentIdInputError {
    /// The message shown under the input.
    pub fn message(&self) -> String {
        match self {
            ConsentIdInputError::Empty => "Введите идентификатор согласия.".to_owned(),
            ConsentIdInputError::WrongLength(length) => format!(
                "В идентификаторе {CONSENT_ID_LEN} знаков (без дефисов), а введено {length}."
            ),
            ConsentIdInputError::InvalidCharacter(c) => format!(
                "Знак «{c}» не встречается в идентификаторах: допустимы цифры и латинские буквы, кроме I, L, O, U."
            ),
        }
    }
}

/// Normalises a typed id: drops spaces and dashes, upper-cases, reads Crockford's look-alikes
/// (`O` → `0`, `I`/`L` → `1`) and Cyrillic letters that look like Latin ones, then checks it.
pub fn normalise_consent_id(input: &str) -> Result<ConsentId, ConsentIdInputError> {
    let mut normalised = String::with_capacity(CONSENT_ID_LEN);
    for c in input.chars() {
        if c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '—') {
            continue;
        }
        let upper = latin_look_alike(c).unwrap_or(c).to_ascii_uppercase();
        let canonical = match upper {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        };
        if !(canonical.is_ascii_digit() || canonical.is_ascii_uppercase()) || canonical == 'U' {
            return Err(ConsentIdInputError::InvalidCharacter(c));
        }
        normalised.push(canonical);
    }
    if normalised.is_empty() {
        return Err(ConsentIdInputError::Empty);
    }
    let length = normalised.chars().count();
    ConsentId::parse(&normalised).ok_or(ConsentIdInputError::WrongLength(length))
}

/// The Latin letter a Cyrillic one looks like (`А` → `A`, `о` → `o`), for ids typed on a Russian layout.
fn latin_look_alike(c: char) -> Option<char> {
    const PAIRS: [(char, char); 22] = [
        ('А', 'A'),
        ('В', 'B'),
        ('С', 'C'),
        ('Е', 'E'),
        ('Н', 'H'),
        ('К', 'K'),
        ('М', 'M'),
        ('О', 'O'),
        ('Р', 'P'),
        ('Т', 'T'),
        ('Х', 'X'),
        ('а', 'a'),
        ('в', 'b'),
        ('с', 'c'),
        ('е', 'e'),
        ('н', 'h'),
        ('к', 'k'),
        ('м', 'm'),
        ('о', 'o'),
        ('р', 'p'),
        ('т', 't'),
        ('х', 'x'),
    ];
    PAIRS
        .iter()
        .find(|(cyrillic, _)| *cyrillic == c)
        .map(|(_, latin)| *latin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(input: &str) -> String {
        normalise_consent_id(input).unwrap().as_str().to_owned()
    }

    #[test]
    fn grouped_lower_case_and_spaced_ids_are_accepted() {
        assert_eq!(normalised("081040G2081040G2"), "081040G2081040G2");
        assert_eq!(normalised("0810-40g2-0810-40g2"), "081040G2081040G2");
        assert_eq!(normalised("  0810 40G2\t0810–40G2 "), "081040G2081040G2");
    }

    #[test]
    fn crockford_look_alikes_are_read_as_digits() {
        assert_eq!(normalised("O81O4OG2I8IL4OG2"), "081040G2181140G2");
    }

    #[test]
    fn ids_typed_on_a_russian_layout_are_accepted() {
        // Cyrillic В, Е, С and lower-case к look like Latin letters.
        assert_eq!(normalised("ВЕС0-к000-0000-0000"), "BEC0K00000000000");
    }

    #[test]
    fn wrong_ids_are_refused_with_a_reason() {
        assert_eq!(normalise_consent_id(" - "), Err(ConsentIdInputError::Empty));
        assert_eq!(
            normalise_consent_id("0810-40G2"),
            Err(ConsentIdInputError::WrongLength(8))
        );
        assert_eq!(
            normalise_consent_id("081040G2081040GU"),
            Err(ConsentIdInputError::InvalidCharacter('U'))
        );
        assert_eq!(
            normalise_consent_id("081040G2081040G!"),
            Err(ConsentIdInputError::InvalidCharacter('!'))
        );
        assert_eq!(
            normalise_consent_id("081040G2081040Gж"),
            Err(ConsentIdInputError::InvalidCharacter('ж'))
        );
        assert!(ConsentIdInputError::WrongLength(8).message().contains("16"));
    }
}
