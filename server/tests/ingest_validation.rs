#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Ingest refuses every malformed request with the stable error body and the right status.

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use jl_consent_core::receipt::batch_json;

on_both_databases!(
    malformed_json_is_refused,
    a_body_that_is_not_utf8_is_refused_as_malformed,
    wrong_types_name_the_member,
    unknown_members_are_refused,
    batches_must_hold_one_to_fifty_events,
    an_oversized_body_is_refused_with_413,
    an_oversized_body_without_length_is_refused_with_413,
    other_content_types_are_refused_with_415,
    a_refused_batch_stores_nothing,
    unknown_api_routes_and_methods_answer_json_errors,
);

fn good_event() -> String {
    accept_all(1, 1).to_json()
}

async fn malformed_json_is_refused(backend: Backend) {
    let app = TestApp::new(backend).await;
    for body in [
        "",
        "{",
        "{\"events\":[}",
        "not json",
        "{\"events\":[]} trailing",
    ] {
        let field = app
            .post_events(body)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "malformed_json");
        assert_eq!(field, None, "{body}");
    }
}

async fn a_body_that_is_not_utf8_is_refused_as_malformed(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut body = b"{\"events\":[\"".to_vec();
    body.extend([0xff, 0xfe]);
    body.extend(b"\"]}");
    let response = app
        .send(events_request().body(Body::from(body)).unwrap())
        .await;
    response.assert_error(StatusCode::BAD_REQUEST, "malformed_json");
}

async fn wrong_types_name_the_member(backend: Backend) {
    let app = TestApp::new(backend).await;
    let good = good_event();
    for (from, to, field) in [
        ("\"revision\":3", "\"revision\":\"3\"", "events[0].revision"),
        ("\"first\":true", "\"first\":1", "events[0].first"),
        (
            "\"analytics\":true",
            "\"analytics\":\"yes\"",
            "events[0].choices.analytics",
        ),
        (
            "\"action\":\"accept_all\"",
            "\"action\":\"maybe\"",
            "events[0].action",
        ),
        (
            "\"language\":\"kk\"",
            "\"language\":\"de\"",
            "events[0].language",
        ),
        ("\"device\":\"mobile\"", "\"device\":7", "events[0].device"),
        (
            "\"decidedAt\":1795600000",
            "\"decidedAt\":1.5",
            "events[0].decidedAt",
        ),
    ] {
        assert!(good.contains(from), "{from}");
        let body = format!("{{\"events\":[{}]}}", good.replacen(from, to, 1));
        let got = app
            .post_events(&body)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "invalid_event");
        assert_eq!(got.as_deref(), Some(field), "{to}");
    }
    let body = "{\"events\":{}}";
    let got = app
        .post_events(body)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_event");
    assert_eq!(got.as_deref(), Some("events"));
}

async fn unknown_members_are_refused(backend: Backend) {
    let app = TestApp::new(backend).await;
    let with_ip = good_event().replacen("{\"type\"", "{\"ip\":\"192.0.2.1\",\"type\"", 1);
    let got = app
        .post_events(&format!("{{\"events\":[{with_ip}]}}"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_event");
    assert_eq!(got.as_deref(), Some("events[0].ip"));
    let got = app
        .post_events(&format!("{{\"events\":[{}],\"url\":\"x\"}}", good_event()))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_event");
    assert_eq!(got.as_deref(), Some("url"));
}

async fn batches_must_hold_one_to_fifty_events(backend: Backend) {
    let app = TestApp::new(backend).await;
    let got = app
        .post_events("{\"events\":[]}")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_event");
    assert_eq!(got.as_deref(), Some("events"));
    let many: Vec<_> = (0..51).map(|i| impression(i, default_shown())).collect();
    let got = app
        .post_events(&batch_json(&many))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_event");
    assert_eq!(got.as_deref(), Some("events"));
    let fifty: Vec<_> = (0..50).map(|i| impression(i, default_shown())).collect();
    assert_eq!(
        app.post_events(&batch_json(&fifty)).await.status,
        StatusCode::ACCEPTED
    );
}

async fn an_oversized_body_is_refused_with_413(backend: Backend) {
    let app = TestApp::new(backend).await;
    let body = format!("{{\"events\":[{}]}}{}", good_event(), " ".repeat(32 * 1024));
    app.post_events(&body)
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");
    // Exactly 32 KiB is still read (and refused only for what it holds).
    let padded = format!("{{\"events\":[{}]}}", good_event());
    let body = format!("{padded}{}", " ".repeat(32 * 1024 - padded.len()));
    assert_eq!(body.len(), 32 * 1024);
    assert_eq!(app.post_events(&body).await.status, StatusCode::ACCEPTED);
}

async fn an_oversized_body_without_length_is_refused_with_413(backend: Backend) {
    let app = TestApp::new(backend).await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..40).map(|_| Ok(vec![b' '; 1024])).collect();
    let body = Body::from_stream(futures_util::stream::iter(chunks));
    let response = app.send(events_request().body(body).unwrap()).await;
    response.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");
}

async fn other_content_types_are_refused_with_415(backend: Backend) {
    let app = TestApp::new(backend).await;
    let body = batch_json(&[accept_all(1, 1)]);
    for content_type in [
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("text/html"),
        Some("application/json; charset=latin1"),
        None,
    ] {
        let mut request = Request::post("/api/v1/events");
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        app.send(request.body(Body::from(body.clone())).unwrap())
            .await
            .assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    }
    for content_type in [
        "application/json",
        "Application/JSON; charset=utf-8",
        "text/plain",
    ] {
        let response = app
            .send(
                Request::post("/api/v1/events")
                    .header(header::CONTENT_TYPE, content_type)
                    .body(Body::from(body.clone()))
                    .unwrap(),
            )
            .await;
        assert_ne!(
            response.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type}"
        );
    }
}

async fn a_refused_batch_stores_nothing(backend: Backend) {
    let app = TestApp::new(backend).await;
    // The second event is bad: the first must not be stored either.
    let bad =
        impression(2, default_shown())
            .to_json()
            .replacen("\"revision\":3", "\"revision\":0", 1);
    let body = format!("{{\"events\":[{},{bad}]}}", accept_all(1, 1).to_json());
    app.post_events(&body)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_event");
    assert!(app
        .store
        .receipts_for_consent(consent_id(1).as_str())
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        app.ingest(&[accept_all(1, 1)]).await["stored"],
        1,
        "the good event is still new"
    );
}

async fn unknown_api_routes_and_methods_answer_json_errors(backend: Backend) {
    let app = TestApp::new(backend).await;
    app.get("/api/v1/nothing-here", None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.get("/api/v1/events", None)
        .await
        .assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}
