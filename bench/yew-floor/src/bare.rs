//! The bare Yew banner: the least a Yew consent banner is.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

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
