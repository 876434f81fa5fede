//! `erase CONSENT_ID`: deletes one visitor's receipts on their request.

use clap::Args;
use jl_consent_core::ConsentId;

use super::CommandError;
use crate::clock::Clock;
use crate::store::Store;

/// `erase`.
#[derive(Debug, Args)]
pub struct EraseArgs {
    /// The consent id, as the visitor's preferences show it (7K3M-9Q2X-A4BC-8DEF; dashes,
    /// spaces and lower case are fine).
    #[arg(value_name = "CONSENT_ID")]
    pub consent_id: String,
}

/// Reads a consent id as a person copies it: groups of four, spaces, lower case.
pub fn read_consent_id(typed: &str) -> Result<ConsentId, CommandError> {
    let normalised: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    ConsentId::parse(&normalised).ok_or_else(|| {
        CommandError(
            "not a consent id: expected 16 characters of 0-9 and A-Z without I, L, O and U, as \
             the preferences show it (e.g. 7K3M-9Q2X-A4BC-8DEF)"
                .to_owned(),
        )
    })
}

/// Runs `erase`.
pub async fn run(store: &Store, args: EraseArgs) -> Result<(), CommandError> {
    let consent_id = read_consent_id(&args.consent_id)?;
    let erased = store
        .erase_consent(&consent_id, Clock::system().now_ms())
        .await?;
    // Never the id: the log must not keep the trace the erasure removes.
    tracing::info!(
        receipts = erased,
        "erased a visitor's receipts on request (the dashboard's totals are unchanged)"
    );
    println!(
        "erased {erased} receipt(s) filed under that consent id; the dashboard's totals are \
         unchanged"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_read_as_the_preferences_show_it() {
        let id = read_consent_id(" 7k3m-9q2x-a4bc-8def ").unwrap();
        assert_eq!(id.as_str(), "7K3M9Q2XA4BC8DEF");
        for bad in ["", "7K3M-9Q2X", "7K3M-9Q2X-A4BC-8DEU", "7K3M9Q2XA4BC8DEF0"] {
            assert!(read_consent_id(bad).is_err(), "{bad}");
        }
    }
}
