//! The Yew banners the benchmark measures, one per build: by default the bare Yew banner
//! (src/bare.rs), the least a Yew consent banner is; with the `markup` feature a Yew banner that
//! draws a copy of another banner's markup and stylesheet (the same content, drawn the naive way;
//! src/markup.rs).

#[cfg(not(feature = "markup"))]
mod bare;
#[cfg(feature = "markup")]
mod markup;
