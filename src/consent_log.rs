//! The events the widget reports to the consent log: an impression whenever the banner is shown,
//! a receipt for every decision. They go to the loader, which queues and sends them (and re-sends
//! after a failure, on this page or a later one), only when the configuration names an endpoint.

use jl_consent_core::receipt::{ConsentEvent, EventId, ShownContext};
use jl_consent_core::{ConsentRecord, DecisionAction};

use crate::browser::bridge::LoaderBridge;
use crate::browser::page;
use crate::browser::random::random_bytes;
use crate::settings::WidgetSettings;

fn shown(settings: &WidgetSettings) -> ShownContext {
    ShownContext {
        revision: settings.config.revision,
        config_hash: settings.fingerprint().to_owned(),
        language: settings.texts.language,
        // Read when the event is made (after the banner's first paint, or at a decision), not
        // at mount: a media query and the viewport's width are not on the banner's path.
        device: page::device_class(),
        variant: settings.variant.clone(),
    }
}

/// Reports that the banner was shown.
pub fn log_impression(settings: &WidgetSettings, bridge: &LoaderBridge) {
    if settings.config.log_endpoint.is_none() {
        return;
    }
    let event = ConsentEvent::Impression {
        event_id: EventId::from_random_bytes(random_bytes()),
        shown: shown(settings),
    };
    bridge.log(&event.to_json());
}

/// Reports a decision: the consent receipt, sent at once.
pub fn log_decision(
    settings: &WidgetSettings,
    bridge: &LoaderBridge,
    record: &ConsentRecord,
    action: DecisionAction,
    first: bool,
) {
    if settings.config.log_endpoint.is_none() || record.choices.is_empty() {
        return;
    }
    let event = ConsentEvent::Decision {
        event_id: EventId::from_random_bytes(random_bytes()),
        shown: shown(settings),
        consent_id: record.consent_id.clone(),
        choices: record.choices.clone(),
        action,
        first,
        decided_at: record.decided_at,
    };
    bridge.log(&event.to_json());
}
