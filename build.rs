//! Minifies the widget's stylesheet (styles/widget.css) into the build: it is compiled into the
//! WebAssembly, where comments and indentation would be paid for on every first visit.

use std::path::Path;

fn main() {
    let source = "styles/widget.css";
    println!("cargo:rerun-if-changed={source}");
    let css =
        std::fs::read_to_string(source).unwrap_or_else(|e| panic!("cannot read {source}: {e}"));
    let out = std::env::var("OUT_DIR").unwrap_or_else(|e| panic!("OUT_DIR: {e}"));
    std::fs::write(Path::new(&out).join("widget.min.css"), minify_css(&css))
        .unwrap_or_else(|e| panic!("cannot write the minified stylesheet: {e}"));
}

/// Drops comments and the whitespace CSS does not need. Spaces before `:` are kept (they matter in
/// selectors such as `.a :focus-visible`), and so is the space inside `calc(a - b)`.
fn minify_css(css: &str) -> String {
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    without_comments.push_str(rest);
    let collapsed = without_comments
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let chars: Vec<char> = collapsed.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = out.chars().last();
        let next = chars.get(i + 1).copied();
        let tight = |ch: Option<char>| matches!(ch, Some('{' | '}' | ';' | ',' | '>'));
        if c == ' ' && (tight(prev) || tight(next) || prev == Some(':')) {
            continue;
        }
        if c == '}' && prev == Some(';') {
            out.pop();
        }
        out.push(c);
    }
    out
}
