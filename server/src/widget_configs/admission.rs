//! Admitting events: every event of a batch must be one a known configuration could have sent.

use jl_consent_core::receipt::ConsentEvent;
use jl_consent_core::CategoryId;

use super::fingerprints::KnownConfigurations;

/// Why an event fits no known configuration: a stable code, the member at fault, and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub code: &'static str,
    pub field: String,
    pub message: String,
}

impl KnownConfigurations {
    /// Checks that every event could have been sent by a known configuration; the first one
    /// that could not is reported. Always passes when no configuration is known.
    pub fn check(&self, events: &[ConsentEvent]) -> Result<(), Mismatch> {
        if self.is_empty() {
            return Ok(());
        }
        for (i, event) in events.iter().enumerate() {
            self.check_event(event, i)?;
        }
        Ok(())
    }

    /// Checks event `index` of a batch; the field path is only built for a mismatch.
    fn check_event(&self, event: &ConsentEvent, index: usize) -> Result<(), Mismatch> {
        let (ConsentEvent::Impression { shown, .. } | ConsentEvent::Decision { shown, .. }) = event;
        let mismatch = |code, member: &str, message: String| Mismatch {
            code,
            field: format!("events[{index}].{member}"),
            message,
        };
        let variant_known = match &shown.variant {
            Some(id) => self.variants.contains(id),
            None => self.without_variants,
        };
        if !variant_known {
            let listed = if self.variants.is_empty() {
                "the known configurations have no variants (expected null)".to_owned()
            } else {
                format!(
                    "expected one of {}{}",
                    join(self.variants.iter().map(String::as_str)),
                    if self.without_variants {
                        " or null"
                    } else {
                        ""
                    }
                )
            };
            return Err(mismatch("unknown_variant", "variant", listed));
        }
        if !self.revisions.contains(&shown.revision) {
            return Err(mismatch(
                "unknown_revision",
                "revision",
                format!(
                    "no known configuration has revision {} (known: {})",
                    shown.revision,
                    join(self.revisions.iter().map(u32::to_string))
                ),
            ));
        }
        let Some(known) = self.by_fingerprint.get(&shown.config_hash) else {
            return Err(mismatch(
                "unknown_configuration",
                "configHash",
                "not the fingerprint of any known configuration in any language and variant"
                    .to_owned(),
            ));
        };
        if known.revision != shown.revision
            || known.language != shown.language
            || known.variant != shown.variant
        {
            return Err(mismatch(
                "unknown_configuration",
                "configHash",
                format!(
                    "this fingerprint is what revision {} shows in {} as variant {} ({}), \
                     not what the event says was shown",
                    known.revision,
                    known.language.code(),
                    known.variant.as_deref().unwrap_or("none"),
                    known.source
                ),
            ));
        }
        if let ConsentEvent::Decision { choices, .. } = event {
            if let Some((category, _)) = choices.iter().find(|(c, _)| !known.categories.contains(c))
            {
                return Err(mismatch(
                    "unknown_category",
                    &format!("choices.{category}"),
                    format!(
                        "not a category of this configuration (its categories: {})",
                        join(known.categories.iter().map(CategoryId::as_str))
                    ),
                ));
            }
            let missing: Vec<&str> = known
                .categories
                .iter()
                .filter(|c| choices.get(c.as_str()).is_none())
                .map(CategoryId::as_str)
                .collect();
            if !missing.is_empty() {
                return Err(mismatch(
                    "missing_category",
                    "choices",
                    format!(
                        "this configuration's decisions list every optional category; missing: {}",
                        join(missing.into_iter())
                    ),
                ));
            }
        }
        Ok(())
    }
}

fn join<S: AsRef<str>>(items: impl Iterator<Item = S>) -> String {
    items
        .map(|s| s.as_ref().to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}
