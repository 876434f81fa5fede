//! Static markup for the parts of the widget that never take input: the summary, the texts, the
//! service lists. Written as one escaped HTML text and inserted by Yew in one step (a `VRaw`
//! node), instead of one virtual element per tag: far less WebAssembly for `html!` to expand, and
//! one call into the browser's HTML parser instead of hundreds of DOM calls at the first render.
//!
//! Every text and attribute value is escaped here, so a site's configuration (or anything else)
//! can never inject markup; tags and attribute names are the widget's own constants.

use yew::{AttrValue, Html};

/// An HTML fragment under construction.
#[derive(Default)]
pub struct Markup(String);

impl Markup {
    /// An empty fragment.
    pub fn new() -> Self {
        Markup(String::new())
    }

    /// Opens `<tag a="v" …>` (values escaped).
    pub fn open(&mut self, tag: &str, attributes: &[(&str, &str)]) -> &mut Self {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attributes {
            self.0.push(' ');
            self.0.push_str(name);
            self.0.push_str("=\"");
            escape_into(&mut self.0, value);
            self.0.push('"');
        }
        self.0.push('>');
        self
    }

    /// Closes `</tag>`.
    pub fn close(&mut self, tag: &str) -> &mut Self {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// Adds text (escaped).
    pub fn text(&mut self, text: &str) -> &mut Self {
        escape_into(&mut self.0, text);
        self
    }

    /// `<tag a="v" …>text</tag>`.
    pub fn element(&mut self, tag: &str, attributes: &[(&str, &str)], text: &str) -> &mut Self {
        self.open(tag, attributes).text(text).close(tag)
    }

    /// The fragment as a Yew node.
    pub fn into_html(self) -> Html {
        Html::from_html_unchecked(AttrValue::from(self.0))
    }

    /// The fragment's text (for tests).
    #[cfg(test)]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Appends `text` with `&`, `<`, `>`, `"` and `'` escaped: safe in text and in quoted attributes.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn text_and_attribute_values_cannot_open_markup() {
        let mut markup = Markup::new();
        markup.element(
            "a",
            &[("href", "/x\"><script>alert(1)</script>")],
            "<img src=x onerror=alert(1)> & 'quotes'",
        );
        assert_eq!(
            markup.as_str(),
            "<a href=\"/x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">&lt;img src=x onerror=alert(1)&gt; &amp; &#39;quotes&#39;</a>"
        );
    }
}
