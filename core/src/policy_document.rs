//! The Jet Leasing privacy policy as a document of numbered clauses.
//!
//! Used to check that every clause the summary cites exists, and to render the full policy page
//! the banner links to.

/// The policy text as published (Russian).
pub const JET_LEASING_POLICY_RU: &str = include_str!("../../policy/privacy-policy.ru.txt");

/// One block of the policy, in reading order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyBlock {
    /// The document title.
    Title(String),
    /// A numbered section heading such as `3. ПРЕДМЕТ ПОЛИТИКИ КОНФИДЕНЦИАЛЬНОСТИ`.
    Heading { number: String, text: String },
    /// A numbered clause such as `3.3. Сайт Компании защищает…`.
    Clause { number: String, text: String },
    /// An unnumbered paragraph (the preamble, or a definition continuing a clause).
    Paragraph(String),
}

/// A policy split into blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyDocument {
    pub blocks: Vec<PolicyBlock>,
}

impl PolicyDocument {
    /// The Jet Leasing policy bundled with the project.
    pub fn jet_leasing_ru() -> Self {
        Self::parse(JET_LEASING_POLICY_RU)
    }

    /// Splits plain policy text into blocks: one per non-empty line.
    pub fn parse(text: &str) -> Self {
        let mut blocks = Vec::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let block = match split_number(line) {
                Some((number, rest)) if !number.contains('.') => PolicyBlock::Heading {
                    number: number.to_owned(),
                    text: rest.to_owned(),
                },
                Some((number, rest)) => PolicyBlock::Clause {
                    number: number.to_owned(),
                    text: rest.to_owned(),
                },
                None if blocks.is_empty() => PolicyBlock::Title(line.to_owned()),
                None => PolicyBlock::Paragraph(line.to_owned()),
            };
            blocks.push(block);
        }
        PolicyDocument { blocks }
    }

    /// The text of clause `number` (e.g. `"3.3.2"`), if the policy has it.
    pub fn clause(&self, number: &str) -> Option<&str> {
        self.blocks.iter().find_map(|b| match b {
            PolicyBlock::Clause { number: n, text } if n == number => Some(text.as_str()),
            _ => None,
        })
    }
}

/// Splits `"3.3.2. Text"` or `"1.1 Text"` into `("3.3.2", "Text")`.
fn split_number(line: &str) -> Option<(&str, &str)> {
    let end = line
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map(|(i, _)| i)?;
    let number = line[..end].trim_end_matches('.');
    let rest = &line[end..];
    let starts_with_digit = number.chars().next().is_some_and(|c| c.is_ascii_digit());
    (starts_with_digit && rest.starts_with(' ') && !number.contains(".."))
        .then(|| (number, rest.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_clauses_at_every_depth() {
        let policy = PolicyDocument::jet_leasing_ru();
        assert!(policy.clause("3.3").unwrap().contains("пиксель"));
        assert!(policy.clause("3.3.2").unwrap().contains("IP-адресах"));
        assert!(policy
            .clause("4.1.4")
            .unwrap()
            .contains("с согласия Пользователя"));
        assert!(policy.clause("9.3").unwrap().contains("merchant@jetfin.kz"));
        assert!(policy.clause("1.1").is_some());
        assert!(policy.clause("4.1.5").is_none(), "the policy skips 4.1.5");
    }

    #[test]
    fn headings_title_and_paragraphs_are_told_apart() {
        let policy = PolicyDocument::jet_leasing_ru();
        assert!(matches!(&policy.blocks[0], PolicyBlock::Title(t) if t.starts_with("ПОЛИТИКА")));
        assert!(policy.blocks.iter().any(|b| matches!(b,
            PolicyBlock::Heading { number, text } if number == "9" && text == "ДОПОЛНИТЕЛЬНЫЕ УСЛОВИЯ")));
        assert!(policy.blocks.iter().any(
            |b| matches!(b, PolicyBlock::Paragraph(p) if p.starts_with("«Персональные данные»"))
        ));
    }
}
