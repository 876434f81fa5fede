#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `--widget-config`: the server computes every fingerprint the widget can record for a known
//! configuration, exactly as the widget does, and refuses (422) events no known configuration
//! could have sent; nothing of such a batch is stored.

#[macro_use]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use axum::http::StatusCode;
use common::*;
use jl_consent::settings::{Surroundings, WidgetSettings};
use jl_consent_core::receipt::{batch_json, ConsentEvent, DeviceClass, ShownContext};
use jl_consent_core::{DecisionAction, Language};
use jl_consent_server::widget_configs::{
    parse_widget_config, read_widget_config, widget_fingerprint, KnownConfigurations,
};
use jl_consent_server::ServerConfig;

on_both_databases!(
    events_a_known_configuration_can_send_are_accepted,
    events_no_known_configuration_could_send_are_refused_and_nothing_is_stored,
    without_a_known_configuration_any_well_formed_event_is_accepted,
);

const BIN: &str = env!("CARGO_BIN_EXE_jl-consent-server");

fn demo_page() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../index.html")
}

/// What the widget records as configHash on a page in `language`, as `variant`.
fn widget_records(
    page_config: &jl_consent_core::WidgetConfig,
    language: Language,
    variant: Option<&str>,
) -> String {
    // The page's language decides (the browser's is not bundled); nothing else is fingerprinted.
    let surroundings = Surroundings {
        page_language: Some(language.code().to_owned()),
        browser_languages: vec!["de-DE".to_owned()],
        gpc_signal: false,
    };
    let settings = WidgetSettings::resolve(
        page_config.clone(),
        variant.map(str::to_owned),
        &surroundings,
    );
    assert_eq!(settings.texts.language, language);
    settings.fingerprint().to_owned()
}

#[test]
fn the_server_knows_every_fingerprint_the_widget_records_on_the_demo_page() {
    let (config, warnings) = read_widget_config(&demo_page()).unwrap();
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(
        config.variants.len(),
        2,
        "the demo page tests variants a and b"
    );
    let mut known = KnownConfigurations::default();
    known.add("index.html", &config);
    assert_eq!(known.fingerprints(), 3 * 2);
    for variant in ["a", "b"] {
        for language in Language::ALL {
            let recorded = widget_records(&config, language, Some(variant));
            let shown = known
                .get(&recorded)
                .unwrap_or_else(|| panic!("{} {variant}: {recorded} unknown", language.code()));
            assert_eq!(shown.language, language);
            assert_eq!(shown.variant.as_deref(), Some(variant));
            assert_eq!(shown.revision, config.revision);
            assert_eq!(
                widget_fingerprint(&config, language, Some(variant)),
                recorded
            );
        }
    }
}

#[test]
fn a_configuration_with_a_fixed_language_and_no_variants_has_one_fingerprint() {
    let (config, _) = parse_widget_config(r#"{"language": "en", "revision": 7}"#).unwrap();
    let mut known = KnownConfigurations::default();
    known.add("fixed", &config);
    assert_eq!(known.fingerprints(), 1);
    let recorded = widget_records(&config, Language::En, None);
    assert!(known.get(&recorded).is_some());
}

#[test]
fn the_fingerprint_command_prints_what_the_widget_records() {
    let (config, _) = read_widget_config(&demo_page()).unwrap();
    let page = demo_page();
    let page = page.to_str().unwrap();
    let run = |args: &[&str]| {
        let output = Command::new(BIN)
            .args(args)
            .env_remove("JL_DATABASE_URL")
            .current_dir(std::env::temp_dir())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (ok, one, _) = run(&[
        "fingerprint",
        "--config",
        page,
        "--language",
        "kk",
        "--variant",
        "b",
    ]);
    assert!(ok);
    assert_eq!(
        one.trim_end(),
        widget_records(&config, Language::Kk, Some("b"))
    );
    let (ok, all, _) = run(&["fingerprint", "--config", page]);
    assert!(ok);
    let lines: Vec<&str> = all.lines().collect();
    assert_eq!(lines.len(), 6, "{all}");
    let expected = format!(
        "{}\ten\ta",
        widget_records(&config, Language::En, Some("a"))
    );
    assert!(lines.contains(&expected.as_str()), "{all}");
    // --show prints the very text that is hashed.
    let (ok, content, _) = run(&[
        "fingerprint",
        "--config",
        page,
        "--language",
        "ru",
        "--variant",
        "a",
        "--show",
    ]);
    assert!(ok);
    assert!(
        content.starts_with("jl-consent shown content v1\n"),
        "{content}"
    );
    assert_eq!(
        jl_consent_core::sha256::sha256_hex(content.as_bytes()),
        widget_records(&config, Language::Ru, Some("a"))
    );
    let (ok, _, error) = run(&["fingerprint", "--config", page, "--variant", "c"]);
    assert!(!ok);
    assert!(error.contains("its variants are a, b"), "{error}");
    let (ok, _, error) = run(&["fingerprint", "--config", page, "--show"]);
    assert!(!ok);
    assert!(error.contains("--language"), "{error}");
    assert!(
        !std::env::temp_dir().join("jl-consent.db").exists(),
        "fingerprint opens no database"
    );
}

#[test]
fn serve_refuses_to_start_with_an_unreadable_widget_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_page = dir.path().join("about.html");
    std::fs::write(&not_a_page, "<html><p>no configuration here</p></html>").unwrap();
    for (file, says) in [
        (dir.path().join("missing.json"), "missing.json"),
        (not_a_page, "jl-consent-config"),
    ] {
        let output = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0", "--widget-config"])
            .arg(&file)
            .current_dir(dir.path())
            .env_remove("JL_DATABASE_URL")
            .env_remove("JL_WIDGET_CONFIGS")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(!output.status.success());
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(
            error.contains("--widget-config") && error.contains(says),
            "{error}"
        );
        assert!(
            !dir.path().join("jl-consent.db").exists(),
            "checked before the database is opened"
        );
    }
}

// ---- ingest against known configurations ----------------------------------------------------

const CONFIG: &str = r#"{"revision": 4,
    "categories": [{"id": "analytics"}, {"id": "advertising"}, {"id": "functional"}],
    "variants": [{"id": "a"}, {"id": "b", "layout": "box"}]}"#;

fn known() -> (jl_consent_core::WidgetConfig, KnownConfigurations) {
    let (config, _) = parse_widget_config(CONFIG).unwrap();
    let mut known = KnownConfigurations::default();
    known.add("test config", &config);
    (config, known)
}

async fn app_knowing_the_config(backend: Backend) -> TestApp {
    let config = ServerConfig {
        known_configurations: known().1,
        ..test_config()
    };
    TestApp::with_config(backend, config).await
}

/// What the test configuration shows in `language` as `variant`, as an event records it.
fn shown_as(language: Language, variant: &str) -> ShownContext {
    let (config, _) = known();
    shown_by(&config, language, DeviceClass::Desktop, variant)
}

fn all_three(n: u32, consent: u32, shown: ShownContext) -> ConsentEvent {
    decision(
        n,
        consent,
        shown,
        DecisionAction::Custom,
        true,
        &[
            ("analytics", true),
            ("advertising", false),
            ("functional", true),
        ],
    )
}

async fn events_a_known_configuration_can_send_are_accepted(backend: Backend) {
    let app = app_knowing_the_config(backend).await;
    let mut events = Vec::new();
    for (i, language) in Language::ALL.into_iter().enumerate() {
        let i = i as u32;
        events.push(impression(10 + i, shown_as(language, "a")));
        events.push(all_three(20 + i, 20 + i, shown_as(language, "b")));
    }
    let outcome = app.ingest(&events).await;
    assert_eq!(outcome["stored"], 6);
}

async fn events_no_known_configuration_could_send_are_refused_and_nothing_is_stored(
    backend: Backend,
) {
    let app = app_knowing_the_config(backend).await;
    let good = shown_as(Language::Kk, "a");
    let with = |change: &dyn Fn(&mut ShownContext)| {
        let mut shown = good.clone();
        change(&mut shown);
        shown
    };
    let cases: Vec<(&str, ConsentEvent, StatusCode, &str, &str)> = vec![
        (
            "a fingerprint of nothing known",
            impression(1, with(&|s| s.config_hash = "ab".repeat(32))),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_configuration",
            "events[1].configHash",
        ),
        (
            "the fingerprint of another language",
            impression(1, with(&|s| s.language = Language::Ru)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_configuration",
            "events[1].configHash",
        ),
        (
            "the fingerprint of the other variant",
            impression(1, with(&|s| s.variant = Some("b".to_owned()))),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_configuration",
            "events[1].configHash",
        ),
        (
            "a variant nobody configured",
            impression(1, with(&|s| s.variant = Some("c".to_owned()))),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_variant",
            "events[1].variant",
        ),
        (
            "no variant where every banner has one",
            impression(1, with(&|s| s.variant = None)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_variant",
            "events[1].variant",
        ),
        (
            "an older revision",
            impression(1, with(&|s| s.revision = 3)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_revision",
            "events[1].revision",
        ),
        (
            "a category the configuration does not have",
            decision(
                1,
                1,
                good.clone(),
                DecisionAction::AcceptAll,
                true,
                &[
                    ("analytics", true),
                    ("advertising", true),
                    ("functional", true),
                    ("chat", true),
                ],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_category",
            "events[1].choices.chat",
        ),
        (
            "a configured category left out",
            decision(
                1,
                1,
                good.clone(),
                DecisionAction::AcceptAll,
                true,
                &[("analytics", true), ("advertising", true)],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_category",
            "events[1].choices",
        ),
    ];
    let before = app.row_counts().await;
    for (what, bad, status, code, field) in cases {
        // A good event first: the whole batch is refused, the good one too.
        let body = batch_json(&[all_three(2, 2, good.clone()), bad]);
        let got = app.post_events(&body).await.assert_error(status, code);
        assert_eq!(got.as_deref(), Some(field), "{what}");
        assert_eq!(app.row_counts().await, before, "{what}: nothing stored");
    }
    assert_eq!(app.ingest(&[all_three(2, 2, good)]).await["stored"], 1);
}

async fn without_a_known_configuration_any_well_formed_event_is_accepted(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut odd = shown_as(Language::Kk, "c");
    odd.config_hash = "ab".repeat(32);
    let outcome = app
        .ingest(&[
            impression(1, odd.clone()),
            decision(
                1 + 1,
                1,
                odd,
                DecisionAction::AcceptAll,
                true,
                &[("chat", true)],
            ),
        ])
        .await;
    assert_eq!(outcome["stored"], 2);
}
