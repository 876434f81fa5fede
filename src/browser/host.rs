//! The widget's own place in the page: a host element with an open shadow root, so the host
//! page's CSS cannot break the banner and the banner's CSS cannot leak out.

use jl_consent_core::config::{Layout, Theme};
use wasm_bindgen::JsValue;
use web_sys::{Element, ShadowRootInit, ShadowRootMode};

/// The widget's stylesheet, compiled in so it applies before the first paint (no flash of an
/// unstyled banner, no extra request, and no inline `<style>` that a strict CSP would refuse).
/// Minified from `styles/widget.css` by `build.rs`.
const WIDGET_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

/// The tag of the host element.
pub const HOST_TAG: &str = "jl-consent";

fn document() -> Result<web_sys::Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// Creates `<jl-consent>` at the end of `<body>` with its shadow root and styles, and returns
/// the element inside it that Yew renders into. The layout and theme become attributes of the
/// host, which the stylesheet (and the page's own CSS) can select on.
pub fn create_host(layout: Layout, theme: Theme) -> Result<Element, JsValue> {
    let document = document()?;
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no <body>"))?;
    let host = document.create_element(HOST_TAG)?;
    host.set_attribute(
        "data-layout",
        if layout == Layout::Box { "box" } else { "bar" },
    )?;
    let root = styled_root(&document, &host, theme)?;
    body.append_child(&host)?;
    Ok(root)
}

/// Gives a `<jl-consent-declaration>` of the page its shadow root and styles, and returns the
/// element inside it that the declaration renders into (an element that already has a shadow
/// root is refused: it is someone else's).
pub fn create_declaration_root(element: &Element, theme: Theme) -> Result<Element, JsValue> {
    styled_root(&document()?, element, theme)
}

/// An open shadow root on `host` with the widget's styles and theme, and the root element in it.
fn styled_root(
    document: &web_sys::Document,
    host: &Element,
    theme: Theme,
) -> Result<Element, JsValue> {
    host.set_attribute("data-theme", theme.name())?;
    let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
    adopt_styles(document, &shadow)?;
    let root = document.create_element("div")?;
    root.set_class_name("jl-root");
    shadow.append_child(&root)?;
    Ok(root)
}

fn adopt_styles(document: &web_sys::Document, shadow: &web_sys::ShadowRoot) -> Result<(), JsValue> {
    // Constructable stylesheets are not inline styles, so `style-src 'self'` allows them.
    if let Ok(sheet) = web_sys::CssStyleSheet::new() {
        sheet.replace_sync(WIDGET_CSS)?;
        let sheets = js_sys::Array::of1(&sheet);
        js_sys::Reflect::set(shadow, &"adoptedStyleSheets".into(), &sheets)?;
        return Ok(());
    }
    // Browsers without them (before Safari 16.4) get a <style> element instead.
    let style = document.create_element("style")?;
    style.set_text_content(Some(WIDGET_CSS));
    shadow.append_child(&style)?;
    Ok(())
}
