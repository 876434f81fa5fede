//! The same content as another banner, drawn by a bare Yew component: a host element with the
//! given attributes, an open shadow root with the given stylesheet, and the given markup rendered
//! by Yew inside it. What that banner's content costs to show, without any of its own start-up.

use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, ShadowRootInit, ShadowRootMode};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
struct CopyProps {
    markup: AttrValue,
}

#[component(Copy)]
fn copy(props: &CopyProps) -> Html {
    Html::from_html_unchecked(props.markup.clone())
}

/// Mounts the copy: `host` is the host element's tag, `attributes` its attributes as name, value,
/// name, value…; `root_class` the class of the element inside the shadow root that the markup
/// fills.
#[wasm_bindgen]
pub fn mount(
    host: &str,
    attributes: Vec<String>,
    root_class: &str,
    css: &str,
    markup: String,
) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let body = document.body().ok_or("no <body>")?;
    let host = document.create_element(host)?;
    for pair in attributes.chunks(2) {
        if let [name, value] = pair {
            host.set_attribute(name, value)?;
        }
    }
    let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
    let sheet = CssStyleSheet::new()?;
    sheet.replace_sync(css)?;
    shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    let root = document.create_element("div")?;
    root.set_class_name(root_class);
    shadow.append_child(&root)?;
    body.append_child(&host)?;
    yew::Renderer::<Copy>::with_root_and_props(
        root,
        CopyProps {
            markup: markup.into(),
        },
    )
    .render();
    Ok(())
}
