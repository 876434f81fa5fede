//! Starts the dashboard in the browser (`boot.js` loads this module).

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<jl_consent_dashboard::app::App>::new().render();
}

// Natively the crate is only its library, tested with `cargo test`.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
