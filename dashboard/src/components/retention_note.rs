//! How long the server keeps receipts, under the exports.

use yew::prelude::*;

use crate::model::retention::retention_text;

/// Props of [`RetentionNote`].
#[derive(Properties, PartialEq)]
pub struct RetentionNoteProps {
    /// The server's `retentionDays` (`None`: no limit).
    pub retention_days: Option<u32>,
}

/// One sentence: how long receipts are kept, and that the totals stay.
#[component(RetentionNote)]
pub fn retention_note(props: &RetentionNoteProps) -> Html {
    html! {
        <p class="note" id="retention-note">{ retention_text(props.retention_days) }</p>
    }
}
