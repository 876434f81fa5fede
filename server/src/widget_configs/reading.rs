//! Reading a widget configuration from a file: the JSON itself or an HTML page that holds it,
//! with the warnings the widget would log about it.

use std::path::Path;

use jl_consent_core::config::ConfigProblem;
use jl_consent_core::{parse_config, WidgetConfig};

use super::page::{config_text_from_html, CONFIG_ELEMENT_ID};

/// Reads a widget configuration from `text`: the JSON configuration itself, or an HTML page
/// holding it. Returns the configuration and the warnings the widget would log about it; a
/// text with no readable configuration at all is an error (the widget would show its defaults,
/// which is almost certainly not what the operator meant to name).
pub fn parse_widget_config(text: &str) -> Result<(WidgetConfig, Vec<String>), String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let json = if trimmed.starts_with('{') {
        trimmed
    } else {
        config_text_from_html(text).ok_or_else(|| {
            format!(
                "neither a JSON configuration nor an HTML page with \
                 <script type=\"application/json\" id=\"{CONFIG_ELEMENT_ID}\">"
            )
        })?
    };
    let (config, problems) = parse_config(Some(json));
    if let Some(fatal) = problems.iter().find(|p| p.is_fatal()) {
        return Err(match fatal {
            ConfigProblem::Missing => "the configuration block is empty".to_owned(),
            ConfigProblem::Unreadable(why) => format!("the configuration is unreadable: {why}"),
            other => other.to_string(),
        });
    }
    Ok((config, problems.iter().map(ToString::to_string).collect()))
}

/// Reads the configuration in the file `path` (see [`parse_widget_config`]).
pub fn read_widget_config(path: &Path) -> Result<(WidgetConfig, Vec<String>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_widget_config(&text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_html_give_the_same_configuration_and_empty_ones_are_errors() {
        let json = r#"{"revision": 3, "categories": [{"id": "analytics"}]}"#;
        let page =
            format!(r#"<script type="application/json" id="jl-consent-config">{json}</script>"#);
        let (from_json, _) = parse_widget_config(json).unwrap();
        let (from_page, _) = parse_widget_config(&page).unwrap();
        assert_eq!(from_json, from_page);
        assert_eq!(from_json.revision, 3);
        assert!(parse_widget_config("<p>nothing</p>").is_err());
        assert!(parse_widget_config(r#"<script id="jl-consent-config"> </script>"#).is_err());
        assert!(parse_widget_config("{not json").is_err());
        let (_, warnings) = parse_widget_config(r#"{"revision": 3, "layuot": "box"}"#).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }
}
