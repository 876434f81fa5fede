//! Finding the configuration block in an HTML page: the `<script id="jl-consent-config">`
//! element a site embeds for the widget.

/// The id of the configuration block on a page.
pub const CONFIG_ELEMENT_ID: &str = "jl-consent-config";

/// The text of the configuration block in an HTML page: the content of the `<script>` element
/// with `id="jl-consent-config"` (a script's content is raw text: no entities to decode).
pub fn config_text_from_html(html: &str) -> Option<&str> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| from + i) {
        let tag_end = lower[start..].find('>').map(|i| start + i)?;
        let tag = &lower[start..tag_end];
        let content_start = tag_end + 1;
        let content_end = lower[content_start..]
            .find("</script")
            .map_or(lower.len(), |i| content_start + i);
        if has_config_id(tag) {
            return html.get(content_start..content_end);
        }
        from = content_end;
    }
    None
}

fn has_config_id(tag: &str) -> bool {
    [
        format!("id=\"{CONFIG_ELEMENT_ID}\""),
        format!("id='{CONFIG_ELEMENT_ID}'"),
        format!("id={CONFIG_ELEMENT_ID} "),
        format!("id={CONFIG_ELEMENT_ID}"),
    ]
    .iter()
    .any(|needle| {
        tag.match_indices(needle.as_str()).any(|(i, _)| {
            // The attribute starts after whitespace, and the unquoted form ends the tag or a word.
            tag[..i].ends_with(|c: char| c.is_ascii_whitespace())
                && (needle.ends_with(['"', '\'', ' '])
                    || tag[i + needle.len()..].is_empty()
                    || tag[i + needle.len()..].starts_with(['/', ' ', '\t', '\n']))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_configuration_block_is_found_in_a_page() {
        let page = r#"<html><head><script src="/x.js"></script>
            <SCRIPT type="application/json" ID="jl-consent-config">{"revision": 2}</SCRIPT>
            <script>var other = 1;</script></head></html>"#;
        assert_eq!(config_text_from_html(page), Some(r#"{"revision": 2}"#));
        assert_eq!(
            config_text_from_html("<script id='jl-consent-config'>{}</script>"),
            Some("{}")
        );
        assert_eq!(
            config_text_from_html("<script id=jl-consent-config>{}</script>"),
            Some("{}")
        );
        assert_eq!(
            config_text_from_html(r#"<script data-id="jl-consent-config">{}</script>"#),
            None
        );
        assert_eq!(
            config_text_from_html(r#"<script id="jl-consent-config-old">{}</script>"#),
            None
        );
        assert_eq!(config_text_from_html("<p>no script</p>"), None);
    }
}
