//! The login page says plainly why a login failed.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use jl_consent_dashboard::api::Credentials;
use jl_consent_dashboard::model::api_error::ApiFailure;
use jl_consent_dashboard::pages::login::{LoginPage, LoginPageProps};
use support::*;
use wasm_bindgen_test::*;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn props(failure: Option<ApiFailure>) -> (LoginPageProps, Rc<RefCell<Vec<Credentials>>>) {
    let sent = Rc::new(RefCell::new(Vec::new()));
    let log = sent.clone();
    let props = LoginPageProps {
        failure,
        submitting: false,
        onlogin: Callback::from(move |credentials| log.borrow_mut().push(credentials)),
    };
    (props, sent)
}

#[wasm_bindgen_test]
async fn throttling_tells_when_to_try_again() {
    let (props, _) = props(Some(ApiFailure::Throttled {
        retry_after: Some(150),
    }));
    let root = mount::<LoginPage>(props).await;
    let message = text(&root, "[role=alert]").replace('\u{a0}', " ");
    assert_eq!(
        message,
        "Слишком много попыток. Повторите через 2 мин 30 с."
    );
}

#[wasm_bindgen_test]
async fn an_unreachable_server_is_not_blamed_on_the_password() {
    let (props, _) = props(Some(ApiFailure::Unreachable));
    let root = mount::<LoginPage>(props).await;
    assert!(text(&root, "[role=alert]").starts_with("Сервер недоступен"));
}

#[wasm_bindgen_test]
async fn the_form_sends_the_trimmed_name_and_the_password() {
    let (props, sent) = props(None);
    let root = mount::<LoginPage>(props).await;
    type_into(&root, "#login-username", " marketing ").await;
    type_into(&root, "#login-password", "secret words").await;
    click(&root, "button[type=submit]").await;
    let sent = sent.borrow();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].username, "marketing");
    assert_eq!(sent[0].password, "secret words");
}

#[wasm_bindgen_test]
async fn empty_fields_are_caught_before_asking_the_server() {
    let (props, sent) = props(None);
    let root = mount::<LoginPage>(props).await;
    click(&root, "button[type=submit]").await;
    assert!(sent.borrow().is_empty());
    assert!(text(&root, "[role=alert]").contains("Введите имя пользователя и пароль"));
}
