//! Proof of consent: the receipt history of one consent id.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::remote_status::{FailureNotice, LoadingNotice};
use crate::model::api_error::ApiFailure;
use crate::model::api_types::{Receipt, ReceiptHistory};
use crate::model::format::{format_timestamp, format_unix_time};
use crate::model::labels::{
    action_label, category_label, device_label, language_label, variant_label,
};
use crate::model::receipts::normalise_consent_id;
use crate::model::state::Remote;

/// Props of [`ReceiptLookup`].
#[derive(Properties, PartialEq)]
pub struct ReceiptLookupProps {
    /// The id in the URL, as typed.
    pub typed: Option<String>,
    pub receipts: Remote<String, ReceiptHistory>,
    /// Emits the normalised id to look up.
    pub onlookup: Callback<String>,
    pub onretry: Callback<()>,
}

/// A consent id input and the stored decisions under that id.
#[component(ReceiptLookup)]
pub fn receipt_lookup(props: &ReceiptLookupProps) -> Html {
    let text = use_state(|| props.typed.clone().unwrap_or_default());
    let error = use_state(|| None::<String>);
    {
        let (text, error) = (text.clone(), error.clone());
        use_effect_with(props.typed.clone(), move |typed| {
            // A valid id is shown in groups of four, as visitors see it; anything else as typed.
            let typed = typed.clone().unwrap_or_default();
            match normalise_consent_id(&typed) {
                Ok(id) => {
                    error.set(None);
                    text.set(id.grouped());
                }
                Err(problem) => {
                    error.set((!typed.is_empty()).then(|| problem.message()));
                    text.set(typed);
                }
            }
        });
    }
    let oninput = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            text.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onsubmit = {
        let (text, error, onlookup) = (text.clone(), error.clone(), props.onlookup.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match normalise_consent_id(&text) {
                Ok(id) => {
                    error.set(None);
                    text.set(id.grouped());
                    onlookup.emit(id.as_str().to_owned());
                }
                Err(problem) => error.set(Some(problem.message())),
            }
        })
    };

    let wanted = props
        .typed
        .as_deref()
        .and_then(|typed| normalise_consent_id(typed).ok());
    let result = match (&wanted, &props.receipts) {
        (Some(id), Remote::Loaded(for_id, history)) if for_id == id.as_str() => {
            html! { <ReceiptList history={(**history).clone()} grouped_id={id.grouped()} /> }
        }
        (Some(id), Remote::Failed(for_id, ApiFailure::NotFound)) if for_id == id.as_str() => {
            html! {
                <div class="notice notice-info" role="status">
                    <p>{ format!("Согласий с идентификатором {} не найдено. Проверьте, что он скопирован полностью.", id.grouped()) }</p>
                </div>
            }
        }
        (Some(id), Remote::Failed(for_id, failure)) if for_id == id.as_str() => html! {
            <FailureNotice failure={failure.clone()} onretry={props.onretry.clone()} />
        },
        (Some(_), _) => html! { <LoadingNotice text="Ищем согласие…" /> },
        (None, _) => Html::default(),
    };
    let invalid = error.is_some().then_some("true");

    html! {
        <>
            <h1>{ "Проверка согласия" }</h1>
            <section class="card" aria-labelledby="lookup-heading">
                <h2 id="lookup-heading" class="visually-hidden">{ "Поиск по идентификатору" }</h2>
                <p class="note">
                    { "Идентификатор согласия посетитель видит в настройках cookie на сайте и может указать в обращении. Здесь видно, что и когда он выбрал." }
                </p>
                <form class="lookup-form" {onsubmit} novalidate=true>
                    <div class="field">
                        <label for="consent-id">{ "Идентификатор согласия" }</label>
                        <input
                            id="consent-id"
                            type="text"
                            class="mono"
                            value={(*text).clone()}
                            {oninput}
                            placeholder="XXXX-XXXX-XXXX-XXXX"
                            autocomplete="off"
                            autocapitalize="characters"
                            spellcheck="false"
                            aria-invalid={invalid}
                            aria-describedby="consent-id-hint consent-id-error"
                        />
                        <p id="consent-id-hint" class="hint">{ "16 знаков; дефисы, пробелы и регистр не важны." }</p>
                        <p id="consent-id-error" class="field-error" role="alert">{ (*error).clone().unwrap_or_default() }</p>
                    </div>
                    <button type="submit" class="button button-primary">{ "Найти" }</button>
                </form>
            </section>
            { result }
        </>
    }
}

/// Props of [`ReceiptList`].
#[derive(Properties, PartialEq)]
pub struct ReceiptListProps {
    pub history: ReceiptHistory,
    pub grouped_id: AttrValue,
}

/// Every stored decision, oldest first.
#[component(ReceiptList)]
pub fn receipt_list(props: &ReceiptListProps) -> Html {
    let count = props.history.receipts.len();
    html! {
        <section class="card" aria-labelledby="history-heading">
            <h2 id="history-heading">
                { "История согласия " }<span class="mono">{ props.grouped_id.clone() }</span>
            </h2>
            <p class="note">{ format!("Решений: {count}. Сначала самые ранние; время сервера — в UTC.") }</p>
            <ol class="receipts">
                { for props.history.oldest_first().into_iter().map(receipt_card) }
            </ol>
        </section>
    }
}

fn receipt_card(receipt: &Receipt) -> Html {
    let choices = receipt.choices.iter().map(|(category, granted)| {
        html! {
            <li class={if *granted { "choice-granted" } else { "choice-denied" }}>
                { format!("{}: {}", category_label(category), if *granted { "разрешено" } else { "запрещено" }) }
            </li>
        }
    });
    let kind = if receipt.first {
        "ответ на баннер"
    } else {
        "изменение в настройках"
    };
    html! {
        <li class="receipt">
            <p class="receipt-title">
                <strong>{ action_label(&receipt.action) }</strong>{ format!(" — {kind}") }
            </p>
            <dl>
                <dt>{ "Получено сервером" }</dt>
                <dd>{ format_timestamp(&receipt.received_at) }</dd>
                <dt>{ "Время у посетителя" }</dt>
                <dd>{ format_unix_time(receipt.decided_at) }</dd>
                <dt>{ "Категории" }</dt>
                <dd><ul class="choices">{ for choices }</ul></dd>
                <dt>{ "Редакция политики" }</dt>
                <dd>{ receipt.revision }</dd>
                <dt>{ "Язык · устройство · вариант" }</dt>
                <dd>
                    { format!(
                        "{} · {} · {}",
                        language_label(&receipt.language),
                        device_label(&receipt.device),
                        variant_label(receipt.variant.as_deref().unwrap_or("none"))
                    ) }
                </dd>
                <dt>{ "Хэш показанных текстов" }</dt>
                <dd class="mono hash">{ receipt.config_hash.clone() }</dd>
                <dt>{ "Событие" }</dt>
                <dd class="mono">{ receipt.event_id.clone() }</dd>
            </dl>
        </li>
    }
}
