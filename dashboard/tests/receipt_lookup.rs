//! The consent id lookup normalises what a person types and refuses what cannot be an id.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use jl_consent_dashboard::model::api_error::ApiFailure;
use jl_consent_dashboard::model::api_types::parse_receipt_history;
use jl_consent_dashboard::model::state::Remote;
use jl_consent_dashboard::pages::receipts::{ReceiptLookup, ReceiptLookupProps};
use support::*;
use wasm_bindgen_test::*;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn props(
    typed: Option<&str>,
    receipts: Remote<String, jl_consent_dashboard::model::api_types::ReceiptHistory>,
) -> (ReceiptLookupProps, Rc<RefCell<Vec<String>>>) {
    let looked_up = Rc::new(RefCell::new(Vec::new()));
    let log = looked_up.clone();
    let props = ReceiptLookupProps {
        typed: typed.map(str::to_owned),
        receipts,
        onlookup: Callback::from(move |id: String| log.borrow_mut().push(id)),
        onretry: Callback::noop(),
    };
    (props, looked_up)
}

#[wasm_bindgen_test]
async fn a_grouped_lower_case_id_is_looked_up_normalised() {
    let (props, looked_up) = props(None, Remote::Idle);
    let root = mount::<ReceiptLookup>(props).await;
    type_into(&root, "#consent-id", " 0810-40g2-0810-40g2 ").await;
    click(&root, "button[type=submit]").await;
    assert_eq!(*looked_up.borrow(), ["081040G2081040G2"]);
    assert_eq!(text(&root, "#consent-id-error"), "");
}

#[wasm_bindgen_test]
async fn a_short_id_is_refused_with_a_reason_and_not_looked_up() {
    let (props, looked_up) = props(None, Remote::Idle);
    let root = mount::<ReceiptLookup>(props).await;
    type_into(&root, "#consent-id", "0810-40G2").await;
    click(&root, "button[type=submit]").await;
    assert!(looked_up.borrow().is_empty());
    assert!(text(&root, "#consent-id-error").contains("16 знаков"));
    let input = find(&root, "#consent-id").unwrap();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn the_history_lists_every_receipt_with_its_choices() {
    let json = r#"{"consentId":"081040G2081040G2","receipts":[
        {"eventId":"A","receivedAt":"2026-11-25T19:48:37Z","decidedAt":1764100000,"revision":3,
         "configHash":"ab","choices":{"analytics":true,"advertising":false},"action":"custom",
         "first":true,"language":"kk","device":"mobile","variant":"b"},
        {"eventId":"B","receivedAt":"2026-11-26T08:00:00Z","decidedAt":1764144000,"revision":3,
         "configHash":"ab","choices":{"analytics":false,"advertising":false},"action":"withdraw",
         "first":false,"language":"kk","device":"mobile","variant":"b"}]}"#;
    let history = Rc::new(parse_receipt_history(json).unwrap());
    let (props, _) = props(
        Some("081040g2081040g2"),
        Remote::Loaded("081040G2081040G2".to_owned(), history),
    );
    let root = mount::<ReceiptLookup>(props).await;
    assert_eq!(count(&root, ".receipt"), 2);
    assert!(text(&root, "#history-heading").contains("0810-40G2-0810-40G2"));
    assert!(text(&root, ".receipt").contains("Аналитика: разрешено"));
    assert!(text(&root, ".receipt").contains("Реклама: запрещено"));
    assert!(text(&root, ".receipts").contains("Отзыв согласия"));
}

#[wasm_bindgen_test]
async fn an_unknown_id_says_so_plainly() {
    let (props, _) = props(
        Some("081040G2081040G2"),
        Remote::Failed("081040G2081040G2".to_owned(), ApiFailure::NotFound),
    );
    let root = mount::<ReceiptLookup>(props).await;
    assert!(text(&root, ".notice").contains("не найдено"));
}
