#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The bad-request corpus: a table of hostile bodies thrown at ingest (with a known widget
//! configuration, so forged and unknown content is checked too). Every one gets a 4xx with the
//! stable error body and its expected code, and no table of the database gains or loses a row.
//! The number of bad inputs tried is printed (`--nocapture`) as `bad inputs tried: N`, and it
//! is the number README.md and SECURITY.md promise.

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use jl_consent_core::receipt::{batch_json, ConsentEvent, DeviceClass, ShownContext};
use jl_consent_core::{CategoryId, DecisionAction, Language};
use jl_consent_server::widget_configs::{parse_widget_config, KnownConfigurations};
use jl_consent_server::ServerConfig;

on_both_databases!(every_bad_input_gets_a_4xx_with_its_code_and_stores_nothing);

const CONFIG: &str = r#"{"revision": 2,
    "categories": [{"id": "analytics"}, {"id": "advertising"}],
    "variants": [{"id": "a"}, {"id": "b", "layout": "box"}]}"#;

fn shown(language: Language, variant: &str) -> ShownContext {
    let (config, _) = parse_widget_config(CONFIG).unwrap();
    shown_by(&config, language, DeviceClass::Tablet, variant)
}

fn good_decision(n: u32) -> ConsentEvent {
    decision(
        n,
        n,
        shown(Language::Ru, "a"),
        DecisionAction::Custom,
        true,
        &[("analytics", true), ("advertising", false)],
    )
}

fn good_impression(n: u32) -> ConsentEvent {
    impression(n, shown(Language::En, "b"))
}

/// One hostile request.
struct Case {
    name: String,
    body: Vec<u8>,
    content_type: Option<&'static str>,
    status: StatusCode,
    code: &'static str,
}

const BAD: StatusCode = StatusCode::BAD_REQUEST;
const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

fn case(
    name: impl Into<String>,
    body: impl Into<Vec<u8>>,
    status: StatusCode,
    code: &'static str,
) -> Case {
    Case {
        name: name.into(),
        body: body.into(),
        content_type: Some("application/json"),
        status,
        code,
    }
}

fn batch_of(event_json: &str) -> String {
    format!("{{\"events\":[{event_json}]}}")
}

/// `json` with the first `"member":old` replaced by `"member":new` (the member must be there).
fn replace_member(json: &str, member: &str, new: &str) -> String {
    let key = format!("\"{member}\":");
    let start = json
        .find(&key)
        .unwrap_or_else(|| panic!("{member} in {json}"))
        + key.len();
    let rest = &json[start..];
    let end = if let Some(string) = rest.strip_prefix('"') {
        1 + string.find('"').unwrap() + 1
    } else if rest.starts_with('{') {
        rest.find('}').unwrap() + 1
    } else {
        rest.find([',', '}']).unwrap()
    };
    format!("{}{new}{}", &json[..start], &rest[end..])
}

/// A JSON string literal holding `text` (escaped as the widget's writer would).
fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn corpus() -> Vec<Case> {
    let decision = good_decision(1).to_json();
    let impression_json = good_impression(2).to_json();
    let mut cases = Vec::new();

    // -- malformed JSON
    for (name, body) in [
        ("empty body", ""),
        ("only spaces", "   \n"),
        ("an open brace", "{"),
        ("a close brace", "}"),
        ("an unclosed array", "{\"events\":["),
        ("a bad array", "{\"events\":[}"),
        ("a bad member", "{\"events\":[{]}"),
        ("plain text", "not json"),
        ("single quotes", "{'events':[]}"),
        ("a trailing comma", "{\"events\":[],}"),
        ("trailing garbage", "{\"events\":[]} x"),
        ("two documents", "{\"events\":[]}{\"events\":[]}"),
        ("NaN", "{\"events\":[NaN]}"),
        ("Infinity", "{\"events\":[Infinity]}"),
        ("a comment", "{/* x */\"events\":[]}"),
        (
            "a raw control character in a string",
            "{\"events\":[\"a\u{1}b\"]}",
        ),
        ("a raw NUL byte in a string", "{\"events\":[\"a\u{0}b\"]}"),
        ("a bad escape", "{\"events\":[\"\\x41\"]}"),
        ("a lone surrogate escape", "{\"events\":[\"\\ud800\"]}"),
        ("an unterminated string", "{\"events\":[\"abc]}"),
    ] {
        cases.push(case(name, body, BAD, "malformed_json"));
    }
    // A member named twice could be read two ways (JSON.parse keeps the last): refused.
    cases.push(case(
        "a duplicate events member",
        format!("{{\"events\":[{decision}],\"events\":[{impression_json}]}}"),
        BAD,
        "malformed_json",
    ));
    cases.push(case(
        "a duplicate member in an event",
        batch_of(&decision.replacen('{', "{\"revision\":3,", 1)),
        BAD,
        "malformed_json",
    ));
    let deep = format!("{{\"events\":{}{}}}", "[".repeat(5000), "]".repeat(5000));
    cases.push(case("5000 nested arrays", deep, BAD, "malformed_json"));

    // -- not UTF-8
    for (name, bytes) in [
        ("a 0xff byte", vec![0xff]),
        ("an overlong slash", vec![0xc0, 0xaf]),
        ("an encoded surrogate", vec![0xed, 0xa0, 0x80]),
        ("a truncated sequence", vec![0xe2, 0x82]),
        ("a lone continuation byte", vec![0x80]),
    ] {
        let mut body = b"{\"events\":[{\"type\":\"".to_vec();
        body.extend(bytes);
        body.extend(b"\"}]}");
        cases.push(case(
            format!("not UTF-8: {name}"),
            body,
            BAD,
            "malformed_json",
        ));
    }

    // -- the batch's shape
    for (name, body) in [
        ("a JSON array", "[]".to_owned()),
        ("a JSON string", "\"events\"".to_owned()),
        ("a JSON number", "1e308".to_owned()),
        ("null", "null".to_owned()),
        ("no events member", "{}".to_owned()),
        ("events is an object", "{\"events\":{}}".to_owned()),
        ("events is a string", "{\"events\":\"x\"}".to_owned()),
        ("events is null", "{\"events\":null}".to_owned()),
        ("no events", "{\"events\":[]}".to_owned()),
        ("an event that is a number", "{\"events\":[1]}".to_owned()),
        ("an event that is null", "{\"events\":[null]}".to_owned()),
        ("an empty event", "{\"events\":[{}]}".to_owned()),
        (
            "51 events",
            batch_json(
                &(0..51)
                    .map(|n| good_impression(100 + n))
                    .collect::<Vec<_>>(),
            ),
        ),
        (
            "one event twice in a batch",
            batch_json(&[good_decision(5), good_decision(5)]),
        ),
    ] {
        cases.push(case(name, body, BAD, "invalid_event"));
    }

    // -- wrong types, in every member
    for (member, values) in [
        (
            "type",
            &[
                "1",
                "null",
                "true",
                "[\"decision\"]",
                "\"Decision\"",
                "\"receipt\"",
            ][..],
        ),
        (
            "eventId",
            &[
                "123",
                "null",
                "\"\"",
                "\"0123456789ABCDEF0\"",
                "\"0123456789abcdef\"",
                "\"UUUUUUUUUUUUUUUU\"",
            ][..],
        ),
        (
            "revision",
            &["\"2\"", "true", "null", "2.5", "0", "-2", "[2]"][..],
        ),
        ("configHash", &["null", "1", "\"\"", "\"abc\""][..]),
        (
            "language",
            &["1", "null", "\"de\"", "\"RU\"", "\"ru-RU\""][..],
        ),
        ("device", &["7", "null", "\"phone\"", "\"Mobile\""][..]),
        ("variant", &["5", "true", "\"\"", "\"A\"", "{}"][..]),
        ("consentId", &["{}", "null", "\"short\""][..]),
        (
            "choices",
            &[
                "[]",
                "null",
                "\"analytics\"",
                "{}",
                "{\"analytics\":\"yes\",\"advertising\":false}",
                "{\"analytics\":1,\"advertising\":false}",
            ][..],
        ),
        ("action", &["1", "null", "\"accept\"", "\"ACCEPT_ALL\""][..]),
        ("first", &["1", "\"true\"", "null"][..]),
        (
            "decidedAt",
            &["\"1795600000\"", "1795600000.5", "null", "true"][..],
        ),
    ] {
        for value in values {
            let body = batch_of(&replace_member(&decision, member, value));
            cases.push(case(
                format!("{member} = {value}"),
                body,
                BAD,
                "invalid_event",
            ));
        }
    }

    // -- members that do not exist
    for (name, json) in [
        (
            "an ip member",
            decision.replacen("{", "{\"ip\":\"203.0.113.9\",", 1),
        ),
        (
            "a userAgent member",
            decision.replacen("{", "{\"userAgent\":\"Mozilla/5.0\",", 1),
        ),
        (
            "a url member",
            decision.replacen("{", "{\"url\":\"https://x.kz/?email=a@b.kz\",", 1),
        ),
        (
            "a referrer member",
            decision.replacen("{", "{\"referrer\":\"https://x.kz/\",", 1),
        ),
        (
            "a decision member on an impression",
            impression_json.replacen("{", "{\"action\":\"accept_all\",", 1),
        ),
        (
            "an empty member name",
            decision.replacen("{", "{\"\":1,", 1),
        ),
    ] {
        cases.push(case(name, batch_of(&json), BAD, "invalid_event"));
    }
    cases.push(case(
        "a member beside events",
        format!("{{\"events\":[{decision}],\"url\":\"https://x.kz/\"}}"),
        BAD,
        "invalid_event",
    ));

    // -- huge and odd numbers
    for (member, value, status, code) in [
        ("revision", "1e308", BAD, "invalid_event"),
        ("revision", "1e400", BAD, "invalid_event"),
        ("revision", "-0", BAD, "invalid_event"),
        ("revision", "9007199254740993", BAD, "invalid_event"),
        ("revision", "1000000000", BAD, "invalid_event"),
        ("revision", "3e0", UNPROCESSABLE, "unknown_revision"),
        ("revision", "3", UNPROCESSABLE, "unknown_revision"),
        ("decidedAt", "1e308", BAD, "invalid_event"),
        ("decidedAt", "1e400", BAD, "invalid_event"),
        ("decidedAt", "-0", BAD, "invalid_event"),
        ("decidedAt", "-1795600000", BAD, "invalid_event"),
        ("decidedAt", "9007199254740993", BAD, "invalid_event"),
        (
            "decidedAt",
            "99999999999999999999999999",
            BAD,
            "invalid_event",
        ),
        ("decidedAt", "0", BAD, "invalid_event"),
    ] {
        let body = batch_of(&replace_member(&decision, member, value));
        cases.push(case(format!("{member} = {value}"), body, status, code));
    }

    // -- injection strings in every string member
    let long = "a".repeat(20_000);
    let injections = [
        ("SQL", "'); DROP TABLE receipts;--"),
        ("SQL in quotes", "\" OR 1=1 --"),
        ("a script tag", "<script>alert(1)</script>"),
        ("a NUL character", "analytics\u{0}"),
        ("a long string", long.as_str()),
        ("an RTL override", "\u{202e}stcylana"),
        ("a header break", "a\r\nSet-Cookie: x=1"),
        ("a Cyrillic look-alike", "\u{430}nalytics"),
        ("a path", "../../etc/passwd"),
        ("a formula", "=HYPERLINK(\"http://x\")"),
    ];
    for member in [
        "type",
        "eventId",
        "configHash",
        "language",
        "device",
        "variant",
        "consentId",
        "action",
    ] {
        for (name, text) in &injections {
            let body = batch_of(&replace_member(&decision, member, &json_string(text)));
            cases.push(case(
                format!("{member}: {name}"),
                body,
                BAD,
                "invalid_event",
            ));
        }
    }
    for (name, text) in &injections {
        let choices = format!(
            "{{{}:true,\"analytics\":true,\"advertising\":false}}",
            json_string(text)
        );
        let body = batch_of(&replace_member(&decision, "choices", &choices));
        cases.push(case(
            format!("a category named with {name}"),
            body,
            BAD,
            "invalid_event",
        ));
    }

    // -- categories the configuration does not have
    let with_choices = |choices: &str| batch_of(&replace_member(&decision, "choices", choices));
    cases.push(case(
        "an unknown category",
        with_choices("{\"analytics\":true,\"advertising\":false,\"chat\":true}"),
        UNPROCESSABLE,
        "unknown_category",
    ));
    cases.push(case(
        "a category left out",
        batch_of(&replace_member(
            &replace_member(&decision, "action", "\"accept_all\""),
            "choices",
            "{\"analytics\":true}",
        )),
        UNPROCESSABLE,
        "missing_category",
    ));
    cases.push(case(
        "the necessary category listed",
        with_choices("{\"necessary\":true,\"analytics\":true,\"advertising\":false}"),
        BAD,
        "invalid_event",
    ));
    cases.push(case(
        "33 categories",
        with_choices(&format!(
            "{{{}}}",
            (0..33)
                .map(|i| format!("\"c{i}\":true"))
                .collect::<Vec<_>>()
                .join(",")
        )),
        BAD,
        "invalid_event",
    ));

    // -- forged receipts
    let forged = |name: &str, event: ConsentEvent, status, code| {
        case(
            format!("forged: {name}"),
            batch_json(&[event]),
            status,
            code,
        )
    };
    let mut unknown_hash = good_decision(7);
    if let ConsentEvent::Decision { shown, .. } = &mut unknown_hash {
        shown.config_hash = "0".repeat(64);
    }
    cases.push(forged(
        "an unknown configHash",
        unknown_hash,
        UNPROCESSABLE,
        "unknown_configuration",
    ));
    let mut other_language = good_decision(7);
    if let ConsentEvent::Decision { shown, .. } = &mut other_language {
        shown.language = Language::Kk;
    }
    cases.push(forged(
        "the configHash of another language",
        other_language,
        UNPROCESSABLE,
        "unknown_configuration",
    ));
    let mut unknown_variant = good_decision(7);
    if let ConsentEvent::Decision { shown, .. } = &mut unknown_variant {
        shown.variant = Some("c".to_owned());
    }
    cases.push(forged(
        "an unknown variant",
        unknown_variant,
        UNPROCESSABLE,
        "unknown_variant",
    ));
    let mut no_variant = good_decision(7);
    if let ConsentEvent::Decision { shown, .. } = &mut no_variant {
        shown.variant = None;
    }
    cases.push(forged(
        "no variant",
        no_variant,
        UNPROCESSABLE,
        "unknown_variant",
    ));
    let forged_action = |action: &str, choices: &str, first: bool| {
        let json = replace_member(&decision, "action", &format!("\"{action}\""));
        let json = replace_member(&json, "choices", choices);
        batch_of(&replace_member(
            &json,
            "first",
            if first { "true" } else { "false" },
        ))
    };
    for (name, action, choices, first) in [
        (
            "accept_all with a refused category",
            "accept_all",
            "{\"analytics\":true,\"advertising\":false}",
            true,
        ),
        (
            "reject_all with a granted category",
            "reject_all",
            "{\"analytics\":true,\"advertising\":false}",
            true,
        ),
        (
            "custom granting everything",
            "custom",
            "{\"analytics\":true,\"advertising\":true}",
            true,
        ),
        (
            "custom refusing everything",
            "custom",
            "{\"analytics\":false,\"advertising\":false}",
            true,
        ),
        (
            "a withdrawal marked first",
            "withdraw",
            "{\"analytics\":false,\"advertising\":false}",
            true,
        ),
        (
            "a withdrawal granting everything",
            "withdraw",
            "{\"analytics\":true,\"advertising\":true}",
            false,
        ),
    ] {
        cases.push(case(
            format!("forged: {name}"),
            forged_action(action, choices, first),
            BAD,
            "invalid_event",
        ));
    }
    cases.push(case(
        "forged: an upper-case configHash",
        batch_of(&decision.replace(
            &shown(Language::Ru, "a").config_hash,
            &shown(Language::Ru, "a").config_hash.to_uppercase(),
        )),
        BAD,
        "invalid_event",
    ));
    // A good event and a bad one: the whole batch is refused.
    cases.push(case(
        "a good event beside a forged one",
        format!(
            "{{\"events\":[{impression_json},{}]}}",
            replace_member(&decision, "configHash", &json_string(&"f".repeat(64)))
        ),
        UNPROCESSABLE,
        "unknown_configuration",
    ));

    // -- sizes and media types
    cases.push(case(
        "33 KiB",
        format!("{{\"events\":[{decision}]}}{}", " ".repeat(33 * 1024)),
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
    ));
    cases.push(case(
        "a 1 MiB string",
        batch_of(&replace_member(
            &decision,
            "variant",
            &json_string(&"v".repeat(1 << 20)),
        )),
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
    ));
    for content_type in [
        None,
        Some("text/html"),
        Some("application/x-www-form-urlencoded"),
        Some("application/json; charset=latin1"),
        Some("multipart/form-data; boundary=x"),
    ] {
        cases.push(Case {
            name: format!("content type {content_type:?}"),
            body: batch_json(&[good_decision(9)]).into_bytes(),
            content_type,
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "unsupported_media_type",
        });
    }
    cases
}

async fn every_bad_input_gets_a_4xx_with_its_code_and_stores_nothing(backend: Backend) {
    let (config, _) = parse_widget_config(CONFIG).unwrap();
    let mut known = KnownConfigurations::default();
    known.add("corpus", &config);
    let app = TestApp::with_config(
        backend,
        ServerConfig {
            known_configurations: known,
            ..test_config()
        },
    )
    .await;
    // Something stored first, so replays and forged copies have a target.
    let stored = [good_decision(1000), good_impression(1001)];
    app.ingest(&stored).await;
    let before = app.row_counts().await;
    let receipts_before = app.every_value().await;

    let mut cases = corpus();
    // Replays: the same events again, alone, together, or with forged content.
    cases.push(case(
        "a replayed decision",
        batch_json(&stored[..1]),
        StatusCode::CONFLICT,
        "duplicate_event",
    ));
    cases.push(case(
        "a replayed batch",
        batch_json(&stored),
        StatusCode::CONFLICT,
        "duplicate_event",
    ));
    let mut rewritten = good_decision(1000);
    if let ConsentEvent::Decision {
        choices, action, ..
    } = &mut rewritten
    {
        choices.set(&CategoryId::parse("advertising").unwrap(), true);
        *action = DecisionAction::AcceptAll;
    }
    cases.push(case(
        "a replayed event id with other choices",
        batch_json(&[rewritten]),
        StatusCode::CONFLICT,
        "duplicate_event",
    ));

    let mut failures = Vec::new();
    for case in &cases {
        let mut request = Request::post("/api/v1/events");
        if let Some(content_type) = case.content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let response = app
            .send(request.body(Body::from(case.body.clone())).unwrap())
            .await;
        let code = serde_json::from_slice::<serde_json::Value>(&response.body)
            .ok()
            .and_then(|v| v["error"]["code"].as_str().map(str::to_owned));
        if response.status != case.status || code.as_deref() != Some(case.code) {
            failures.push(format!(
                "{}: expected {} {}, got {} {}",
                case.name,
                case.status,
                case.code,
                response.status,
                response.text().chars().take(200).collect::<String>()
            ));
            continue;
        }
        assert!(response.status.is_client_error());
        response.assert_error(case.status, case.code);
        if app.row_counts().await != before {
            failures.push(format!("{}: the database changed", case.name));
            break;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert_eq!(
        app.row_counts().await,
        before,
        "a bad input changed the database"
    );
    assert_eq!(
        app.every_value().await,
        receipts_before,
        "a bad input changed a stored value"
    );
    println!(
        "bad inputs tried: {} ({backend:?}), every one 4xx, nothing stored",
        cases.len()
    );
    for (document, promised) in promised_corpus_sizes() {
        assert_eq!(
            cases.len(),
            promised,
            "{document} promises {promised} hostile bodies; the corpus has {}",
            cases.len()
        );
    }
}

/// The size of this corpus as each document states it, read from its text.
fn promised_corpus_sizes() -> Vec<(&'static str, usize)> {
    [
        (
            "README.md",
            include_str!("../../README.md"),
            "**Hostile requests.** ",
        ),
        (
            "SECURITY.md",
            include_str!("../../SECURITY.md"),
            "`server/tests/bad_requests.rs` (",
        ),
    ]
    .into_iter()
    .map(|(document, text, before)| {
        let after = text
            .split_once(before)
            .unwrap_or_else(|| panic!("{document} no longer says {before:?}"))
            .1;
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let promised = digits
            .parse()
            .unwrap_or_else(|_| panic!("{document}: no number after {before:?}"));
        (document, promised)
    })
    .collect()
}
