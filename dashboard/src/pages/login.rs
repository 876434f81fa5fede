//! The login page.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api::Credentials;
use crate::model::api_error::ApiFailure;

/// Props of [`LoginPage`].
#[derive(Properties, PartialEq)]
pub struct LoginPageProps {
    /// Why the last attempt failed (or why the session ended).
    pub failure: Option<ApiFailure>,
    /// A login request is under way.
    pub submitting: bool,
    pub onlogin: Callback<Credentials>,
}

/// User name and password.
#[component(LoginPage)]
pub fn login_page(props: &LoginPageProps) -> Html {
    let username_ref = use_node_ref();
    let password_ref = use_node_ref();
    let missing = use_state(|| false);

    let onsubmit = {
        let (username_ref, password_ref) = (username_ref.clone(), password_ref.clone());
        let (onlogin, missing) = (props.onlogin.clone(), missing.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let value = |node: &NodeRef| {
                node.cast::<HtmlInputElement>()
                    .map(|input| input.value())
                    .unwrap_or_default()
            };
            let (username, password) =
                (value(&username_ref).trim().to_owned(), value(&password_ref));
            if username.is_empty() || password.is_empty() {
                missing.set(true);
                return;
            }
            missing.set(false);
            onlogin.emit(Credentials { username, password });
        })
    };

    let message = if *missing {
        Some("Введите имя пользователя и пароль.".to_owned())
    } else {
        props.failure.as_ref().map(ApiFailure::message)
    };
    let is_error = *missing
        || props
            .failure
            .as_ref()
            .is_some_and(|failure| *failure != ApiFailure::Unauthenticated);
    let notice = message.map(|text| {
        html! {
            <div
                id="login-message"
                class={classes!("notice", if is_error { "notice-error" } else { "notice-info" })}
                role={if is_error { "alert" } else { "status" }}
            >
                <p>{ text }</p>
            </div>
        }
    });
    let described_by = notice.is_some().then_some("login-message");

    html! {
        <main class="page page-narrow" id="content">
            <div class="login-card">
                <p class="brand brand-on-light">
                    <span class="brand-name">{ "Jet Leasing" }</span>
                    <span class="brand-product">{ "Согласия на cookie" }</span>
                </p>
                <h1>{ "Вход в панель" }</h1>
                { for notice }
                <form class="form" {onsubmit} novalidate=true aria-describedby={described_by}>
                    <div class="field">
                        <label for="login-username">{ "Имя пользователя" }</label>
                        <input
                            id="login-username"
                            ref={username_ref}
                            type="text"
                            name="username"
                            autocomplete="username"
                            autocapitalize="none"
                            spellcheck="false"
                            required=true
                        />
                    </div>
                    <div class="field">
                        <label for="login-password">{ "Пароль" }</label>
                        <input
                            id="login-password"
                            ref={password_ref}
                            type="password"
                            name="password"
                            autocomplete="current-password"
                            required=true
                        />
                    </div>
                    <button type="submit" class="button button-primary" disabled={props.submitting}>
                        { if props.submitting { "Входим…" } else { "Войти" } }
                    </button>
                </form>
            </div>
        </main>
    }
}
