//! Renders the full privacy policy page of the demo site from the policy text.
//!
//! Run by Trunk after each build (see Trunk.toml): it takes the built `index.html` as the page's
//! frame (same header, footer and consent widget, so the policy page asks for consent too) and
//! writes `policy.html` next to it, one anchor per clause (`#p-3.3`) for the banner's citations,
//! followed by the widget's cookie declaration (`<jl-consent-declaration>`, `#cookies`).
//! Without `TRUNK_STAGING_DIR` it reads and writes the directory given as its argument.

use std::path::PathBuf;
use std::process::ExitCode;

use jl_consent_core::policy_document::{PolicyBlock, PolicyDocument};

fn main() -> ExitCode {
    let dir = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::args_os().nth(1).map(PathBuf::from));
    let Some(dir) = dir else {
        eprintln!("usage: jl-policy-page DIR (the built site, holding index.html)");
        return ExitCode::FAILURE;
    };
    let frame = match std::fs::read_to_string(dir.join("index.html")) {
        Ok(frame) => frame,
        Err(error) => {
            eprintln!(
                "jl-policy-page: cannot read {}: {error}",
                dir.join("index.html").display()
            );
            return ExitCode::FAILURE;
        }
    };
    let page = match render_page(&frame, &PolicyDocument::jet_leasing_ru()) {
        Ok(page) => page,
        Err(problem) => {
            eprintln!("jl-policy-page: {problem}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(error) = std::fs::write(dir.join("policy.html"), page) {
        eprintln!("jl-policy-page: cannot write policy.html: {error}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// What the declaration element holds until the widget renders it (or when it cannot): a pointer
/// to the same facts.
const DECLARATION_FALLBACK: &str = "Перечень cookie и данных, которые хранит сайт, показывает окно согласия на cookie: он появится здесь, когда оно загрузится. Вопросы о ваших данных: merchant@jetfin.kz.";

/// The frame page with its `<main>` replaced by the policy and its title changed.
fn render_page(frame: &str, policy: &PolicyDocument) -> Result<String, &'static str> {
    let main_start = frame.find("<main").ok_or("the frame has no <main>")?;
    let main_end = frame.find("</main>").ok_or("the frame has no </main>")? + "</main>".len();
    let title_start = frame.find("<title>").ok_or("the frame has no <title>")?;
    let title_end = frame.find("</title>").ok_or("the frame has no </title>")? + "</title>".len();
    if title_end >= main_start {
        return Err("the frame's <title> must come before <main>");
    }
    let mut page = String::with_capacity(frame.len() + 24 * 1024);
    page.push_str(&frame[..title_start]);
    page.push_str("<title>Политика конфиденциальности — Jet Leasing</title>");
    page.push_str(&frame[title_end..main_start]);
    page.push_str("<main id=\"content\" class=\"policy wrap\">\n");
    for block in &policy.blocks {
        match block {
            PolicyBlock::Title(text) => page.push_str(&format!("<h1>{}</h1>\n", inline(text))),
            PolicyBlock::Heading { number, text } => {
                page.push_str(&format!("<h2 id=\"p-{number}\">{number}. {}</h2>\n", inline(text)))
            }
            PolicyBlock::Clause { number, text } => page.push_str(&format!(
                "<p class=\"clause\" id=\"p-{number}\"><span class=\"clause__number\">{number}.</span>{}</p>\n",
                inline(text)
            )),
            PolicyBlock::Paragraph(text) => page.push_str(&format!("<p>{}</p>\n", inline(text))),
        }
    }
    page.push_str(&format!(
        "<jl-consent-declaration id=\"cookies\"><p>{}</p></jl-consent-declaration>\n",
        escape(DECLARATION_FALLBACK)
    ));
    page.push_str("</main>");
    page.push_str(&frame[main_end..]);
    Ok(page)
}

/// Escapes text for HTML and turns the policy's `[text](http…)` links into anchors.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let link = rest[open..].find("](").and_then(|mid| {
            let close = rest[open + mid..].find(')')? + open + mid;
            let label = &rest[open + 1..open + mid];
            let url = &rest[open + mid + 2..close];
            (url.starts_with("http://") || url.starts_with("https://"))
                .then_some((label, url, close))
        });
        match link {
            Some((label, url, close)) => {
                out.push_str(&escape(&rest[..open]));
                out.push_str(&format!(
                    "<a href=\"{}\">{}</a>",
                    escape(url),
                    escape(label)
                ));
                rest = &rest[close + 1..];
            }
            None => {
                out.push_str(&escape(&rest[..=open]));
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(&escape(rest));
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: &str = "<html><head><title>Home</title></head><body><header>h</header><main id=\"content\">home</main><footer>f</footer></body></html>";

    #[test]
    fn the_policy_replaces_main_and_keeps_the_frame() {
        let page = render_page(FRAME, &PolicyDocument::jet_leasing_ru()).unwrap();
        assert!(page.contains("<header>h</header>") && page.contains("<footer>f</footer>"));
        assert!(!page.contains(">home<"));
        assert!(page.contains("<title>Политика конфиденциальности — Jet Leasing</title>"));
        assert!(page.contains("id=\"p-3.3\""));
        assert!(page.contains("id=\"p-9.3\""));
        assert!(page.contains("merchant@jetfin.kz"));
        assert!(page.contains("<a href=\"http://www.jetfin.kz\">www. jetfin.kz</a>"));
        let declaration = page
            .find("<jl-consent-declaration id=\"cookies\">")
            .unwrap();
        assert!(
            declaration > page.find("id=\"p-9.3\"").unwrap()
                && declaration < page.find("</main>").unwrap(),
            "the declaration follows the policy, inside <main>"
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            inline("a < b & \"c\" [x](javascript:y)"),
            "a &lt; b &amp; &quot;c&quot; [x](javascript:y)"
        );
    }

    #[test]
    fn a_frame_without_main_is_an_error() {
        assert!(render_page("<title>x</title>", &PolicyDocument::jet_leasing_ru()).is_err());
    }
}
