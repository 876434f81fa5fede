//! The process's log: to standard error, filtered by `JL_LOG` (default `info`), as text for
//! people or, with `JL_LOG_FORMAT=json`, as one JSON object per line for a log pipeline
//! (tracing-subscriber's JSON format: `timestamp`, `level`, `target`, `fields` with the
//! `message`, and the request's `span`).

use std::io::IsTerminal;

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// Reads `JL_LOG_FORMAT` (`text`, the default, or `json`).
    pub fn from_env() -> Result<LogFormat, String> {
        match std::env::var("JL_LOG_FORMAT") {
            Err(std::env::VarError::NotPresent) => Ok(LogFormat::Text),
            Ok(value) => LogFormat::parse(&value),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err("JL_LOG_FORMAT: expected text or json".to_owned())
            }
        }
    }

    /// Reads a format's name.
    pub fn parse(value: &str) -> Result<LogFormat, String> {
        match value.trim().to_ascii_lowercase().as_str() {
            "" | "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            _ => Err(format!(
                "JL_LOG_FORMAT: expected text or json, found {value:?}"
            )),
        }
    }
}

/// Installs the process's log subscriber.
pub fn init(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("JL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).init(),
        LogFormat::Json => builder.json().with_span_list(false).init(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_text_unless_json_is_asked_for() {
        assert_eq!(LogFormat::parse("JSON"), Ok(LogFormat::Json));
        assert_eq!(LogFormat::parse("text"), Ok(LogFormat::Text));
        assert_eq!(LogFormat::parse(""), Ok(LogFormat::Text));
        assert!(LogFormat::parse("yaml").unwrap_err().contains("yaml"));
    }
}
