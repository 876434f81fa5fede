//! A bare Yew banner: the least a Yew consent banner is.

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

/// Mounts the banner at the end of <body>.
#[wasm_bindgen]
pub fn mount() {
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        yew::Renderer::<Banner>::with_root(body.into()).render();
    }
}
