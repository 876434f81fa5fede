//! A bare Yew banner: the least a Yew consent banner is. Built with the `markup` feature, the
//! module is instead a Yew banner that draws a copy of another banner's markup and stylesheet (the
//! same content, drawn the naive way; src/markup.rs).

#[cfg(not(feature = "markup"))]
use wasm_bindgen::prelude::*;
#[cfg(not(feature = "markup"))]
use yew::prelude::*;

#[cfg(feature = "markup")]
mod markup;

#[cfg(not(feature = "markup"))]
#[component(Banner)]
fn banner() -> Html {
    let open = use_state(|| true);
    let close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };
    if !*open {
        return Html::default();
    }
    html! {
        <section class="banner" role="dialog" aria-labelledby="title">
            <h2 id="title">{ "Cookie" }</h2>
            <p>{ "We use cookies." }</p>
            <button onclick={close.clone()}>{ "Reject all" }</button>
            <button onclick={close}>{ "Accept all" }</button>
        </section>
    }
}

/// Mounts the banner in an element of its own at the end of <body>. (Yew empties the element it
/// mounts into: mounted into <body> itself, the banner would remove the page's own content.)
#[cfg(not(feature = "markup"))]
#[wasm_bindgen]
pub fn mount() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(body), Ok(host)) = (document.body(), document.create_element("div")) else {
        return;
    };
    if body.append_child(&host).is_ok() {
        yew::Renderer::<Banner>::with_root(host).render();
    }
}
