//! What went wrong with a request, in words a marketer understands.

use crate::model::api_types::ErrorBody;
use crate::model::format::format_wait;

/// A failed request to the consent-log server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiFailure {
    /// The request never got an answer (network down, server stopped).
    Unreachable,
    /// `401 unauthenticated`: the session ended; the dashboard goes back to the login page.
    Unauthenticated,
    /// `401 bad_credentials`: wrong user name or password.
    BadCredentials,
    /// `429`: too many attempts; `retry_after` seconds from the `Retry-After` header, when sent.
    Throttled { retry_after: Option<u64> },
    /// `404`: nothing stored under that key.
    NotFound,
    /// `503`: the database cannot answer right now.
    Unavailable,
    /// An answer the dashboard cannot read.
    UnreadableAnswer,
    /// Any other error status, with the server's message when it sent one.
    Other { status: u16, message: String },
}

impl ApiFailure {
    /// Classifies an error answer from its status, its `Retry-After` header and its body.
    pub fn from_response(status: u16, retry_after: Option<&str>, body: &str) -> Self {
        let detail = serde_json::from_str::<ErrorBody>(body)
            .ok()
            .map(|b| b.error);
        let code = detail.as_ref().map(|d| d.code.as_str()).unwrap_or_default();
        match (status, code) {
            (401, "bad_credentials") => ApiFailure::BadCredentials,
            (401, _) => ApiFailure::Unauthenticated,
            (429, _) => ApiFailure::Throttled {
                retry_after: retry_after.and_then(parse_retry_after),
            },
            (404, _) => ApiFailure::NotFound,
            (503, _) => ApiFailure::Unavailable,
            _ => ApiFailure::Other {
                status,
                message: detail.map(|d| d.message).unwrap_or_default(),
            },
        }
    }

    /// The sentence shown to the marketer.
    pub fn message(&self) -> String {
        match self {
            ApiFailure::Unreachable => {
                "Сервер недоступен. Проверьте подключение к сети и попробуйте ещё раз.".to_owned()
            }
            ApiFailure::Unauthenticated => "Сеанс завершён. Войдите снова.".to_owned(),
            ApiFailure::BadCredentials => "Неверное имя пользователя или пароль.".to_owned(),
            ApiFailure::Throttled {
                retry_after: Some(seconds),
            } => format!(
                "Слишком много попыток. Повторите через {}.",
                format_wait(*seconds)
            ),
            ApiFailure::Throttled { retry_after: None } => {
                "Слишком много попыток. Повторите немного позже.".to_owned()
            }
            ApiFailure::NotFound => "Ничего не найдено.".to_owned(),
            ApiFailure::Unavailable => {
                "База данных временно недоступна. Повторите через минуту.".to_owned()
            }
            ApiFailure::UnreadableAnswer => {
                "Сервер ответил в неожиданном формате. Обновите страницу; если не поможет, сообщите разработчикам."
                    .to_owned()
            }
            ApiFailure::Other { status, message } if message.is_empty() => {
                format!("Ошибка сервера ({status}).")
            }
            ApiFailure::Other { status, message } => {
                format!("Ошибка сервера ({status}): {message}")
            }
        }
    }
}

/// `Retry-After` in seconds (the API sends seconds; an HTTP date is not used by this server).
fn parse_retry_after(value: &str) -> Option<u64> {
    value.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_passwords_and_ended_sessions_are_told_apart() {
        let bad = r#"{"error":{"code":"bad_credentials","message":"wrong"}}"#;
        let gone = r#"{"error":{"code":"unauthenticated","message":"no session"}}"#;
        assert_eq!(
            ApiFailure::from_response(401, None, bad),
            ApiFailure::BadCredentials
        );
        assert_eq!(
            ApiFailure::from_response(401, None, gone),
            ApiFailure::Unauthenticated
        );
        assert_eq!(
            ApiFailure::from_response(401, None, "<html>"),
            ApiFailure::Unauthenticated
        );
    }

    #[test]
    fn throttling_says_when_to_retry() {
        let failure = ApiFailure::from_response(429, Some(" 150 "), "");
        assert_eq!(
            failure,
            ApiFailure::Throttled {
                retry_after: Some(150)
            }
        );
        assert_eq!(
            failure.message().replace('\u{a0}', " "),
            "Слишком много попыток. Повторите через 2 мин 30 с."
        );
        let undated = ApiFailure::from_response(429, Some("Wed, 21 Oct 2026 07:28:00 GMT"), "");
        assert_eq!(undated, ApiFailure::Throttled { retry_after: None });
    }

    #[test]
    fn other_errors_keep_the_servers_message() {
        let body =
            r#"{"error":{"code":"invalid_event","message":"from: not a date","field":"from"}}"#;
        let failure = ApiFailure::from_response(400, None, body);
        assert_eq!(failure.message(), "Ошибка сервера (400): from: not a date");
        assert_eq!(
            ApiFailure::from_response(500, None, "").message(),
            "Ошибка сервера (500)."
        );
        assert_eq!(
            ApiFailure::from_response(404, None, ""),
            ApiFailure::NotFound
        );
        assert_eq!(
            ApiFailure::from_response(503, None, ""),
            ApiFailure::Unavailable
        );
    }
}
