//! What the widget sends to the consent log, and the strict reading the server applies to it.
//!
//! One implementation for both ends: the widget writes events with [`ConsentEvent::to_json`],
//! the server reads them with [`parse_event_batch`], and a property test holds the two together.
//! Nothing here identifies a person: no IP address, no user agent string, no page URL.

use std::fmt;

use crate::category::{CategoryId, Choices, MAX_CATEGORY_ID_LEN};
use crate::config::MAX_REVISION;
use crate::consent_id::{encode_base32, ConsentId};
use crate::consent_model::DecisionAction;
use crate::json::{parse_json_strict, JsonValue, JsonWriter};
use crate::language::Language;

/// Most events one request may carry (the widget's queue flushes in batches).
pub const MAX_EVENTS_PER_BATCH: usize = 50;
/// Largest request body the server reads, in bytes.
pub const MAX_BATCH_BYTES: usize = 32 * 1024;
/// Most optional categories a decision may list.
pub const MAX_RECEIPT_CHOICES: usize = 32;

/// A random id for one event, so a re-sent event is stored once.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EventId(String);

impl EventId {
    /// Makes an id from 10 random bytes.
    pub fn from_random_bytes(bytes: [u8; 10]) -> Self {
        EventId(encode_base32(bytes))
    }

    /// Checks an id: 16 Crockford base32 characters.
    pub fn parse(text: &str) -> Option<Self> {
        ConsentId::parse(text).map(|id| EventId(id.as_str().to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The visitor's kind of device, from the viewport (never from the user agent string).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeviceClass {
    Mobile,
    Tablet,
    Desktop,
}

impl DeviceClass {
    /// Every class.
    pub const ALL: [DeviceClass; 3] = [
        DeviceClass::Mobile,
        DeviceClass::Tablet,
        DeviceClass::Desktop,
    ];

    /// Classifies a viewport `width` in CSS pixels: under 768 is a phone, under 1100 with a coarse
    /// (touch) pointer is a tablet, the rest are desktops.
    pub fn from_viewport(width: f64, coarse_pointer: bool) -> Self {
        if width < 768.0 {
            DeviceClass::Mobile
        } else if width < 1100.0 && coarse_pointer {
            DeviceClass::Tablet
        } else {
            DeviceClass::Desktop
        }
    }

    /// The name used on the wire.
    pub fn name(self) -> &'static str {
        match self {
            DeviceClass::Mobile => "mobile",
            DeviceClass::Tablet => "tablet",
            DeviceClass::Desktop => "desktop",
        }
    }

    /// The class called `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        DeviceClass::ALL.into_iter().find(|d| d.name() == name)
    }
}

impl DecisionAction {
    /// Every action.
    pub const ALL: [DecisionAction; 4] = [
        DecisionAction::AcceptAll,
        DecisionAction::RejectAll,
        DecisionAction::Custom,
        DecisionAction::Withdraw,
    ];

    /// The action called `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        DecisionAction::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// What was on screen, the same for both kinds of event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownContext {
    /// The policy revision shown.
    pub revision: u32,
    /// SHA-256 (hex) of the texts and configuration shown, so the log can prove what the visitor saw.
    pub config_hash: String,
    pub language: Language,
    pub device: DeviceClass,
    /// The banner variant shown (A/B tests), if any.
    pub variant: Option<String>,
}

/// One event for the consent log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsentEvent {
    /// The banner was shown (the denominator of every rate).
    Impression {
        event_id: EventId,
        shown: ShownContext,
    },
    /// The visitor decided: the consent receipt.
    Decision {
        event_id: EventId,
        shown: ShownContext,
        consent_id: ConsentId,
        choices: Choices,
        action: DecisionAction,
        /// True when this decision answered the banner (a first decision, or a renewal after a
        /// policy change); false for a later change of mind through "Cookie settings".
        first: bool,
        /// The visitor's clock at the decision, Unix seconds; the server records its own time too.
        decided_at: u64,
    },
}

impl ConsentEvent {
    /// The event's id.
    pub fn event_id(&self) -> &EventId {
        match self {
            ConsentEvent::Impression { event_id, .. } | ConsentEvent::Decision { event_id, .. } => {
                event_id
            }
        }
    }

    /// The event as JSON, as the widget sends it.
    pub fn to_json(&self) -> String {
        let (kind, event_id, shown) = match self {
            ConsentEvent::Impression { event_id, shown } => ("impression", event_id, shown),
            ConsentEvent::Decision {
                event_id, shown, ..
            } => ("decision", event_id, shown),
        };
        let mut writer = JsonWriter::new()
            .string("type", kind)
            .string("eventId", event_id.as_str())
            .uint("revision", u64::from(shown.revision))
            .string("configHash", &shown.config_hash)
            .string("language", shown.language.code())
            .string("device", shown.device.name());
        writer = match &shown.variant {
            Some(variant) => writer.string("variant", variant),
            None => writer.raw("variant", "null"),
        };
        if let ConsentEvent::Decision {
            consent_id,
            choices,
            action,
            first,
            decided_at,
            ..
        } = self
        {
            let mut choices_json = JsonWriter::new();
            for (category, granted) in choices.iter() {
                choices_json = choices_json.bool(category.as_str(), granted);
            }
            writer = writer
                .string("consentId", consent_id.as_str())
                .raw("choices", &choices_json.finish())
                .string("action", action.name())
                .bool("first", *first)
                .uint("decidedAt", *decided_at);
        }
        writer.finish()
    }
}

/// Wraps events into the body of one ingest request.
pub fn batch_json(events: &[ConsentEvent]) -> String {
    let mut out = String::from("{\"events\":[");
    for (i, event) in events.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&event.to_json());
    }
    out.push_str("]}");
    out
}

/// Why an ingest request was refused; `field` names the offending member (`events[2].action`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptError {
    pub field: String,
    pub problem: String,
    /// The body is not JSON at all (as opposed to JSON that is not a valid batch).
    pub not_json: bool,
}

impl fmt::Display for ReceiptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.problem)
        } else {
            write!(f, "{}: {}", self.field, self.problem)
        }
    }
}

impl std::error::Error for ReceiptError {}

fn refuse(field: impl Into<String>, problem: impl Into<String>) -> ReceiptError {
    ReceiptError {
        field: field.into(),
        problem: problem.into(),
        not_json: false,
    }
}

/// Reads an ingest request body: `{"events": [event, …]}` with 1 to 50 events, every member
/// checked, unknown members refused, and a decision's action consistent with its choices.
pub fn parse_event_batch(body: &str) -> Result<Vec<ConsentEvent>, ReceiptError> {
    if body.len() > MAX_BATCH_BYTES {
        return Err(refuse("", "the body is larger than 32 KiB"));
    }
    let root = parse_json_strict(body).map_err(|e| ReceiptError {
        not_json: true,
        ..refuse("", e.to_string())
    })?;
    let JsonValue::Object(members) = &root else {
        return Err(refuse(
            "",
            format!("expected a JSON object, found {}", root.kind()),
        ));
    };
    if let Some((unknown, _)) = members.iter().find(|(k, _)| k != "events") {
        return Err(refuse(unknown.as_str(), "unknown member"));
    }
    let Some(JsonValue::Array(events)) = root.get("events") else {
        return Err(refuse("events", "expected an array of events"));
    };
    if events.is_empty() || events.len() > MAX_EVENTS_PER_BATCH {
        return Err(refuse("events", "expected 1 to 50 events"));
    }
    let parsed = events
        .iter()
        .enumerate()
        .map(|(i, event)| read_event(event, &format!("events[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    for (i, event) in parsed.iter().enumerate() {
        if parsed[..i].iter().any(|e| e.event_id() == event.event_id()) {
            return Err(refuse(
                format!("events[{i}].eventId"),
                "repeats an earlier event in this batch",
            ));
        }
    }
    Ok(parsed)
}

/// The members every event has.
const SHOWN_MEMBERS: &[&str] = &[
    "type",
    "eventId",
    "revision",
    "configHash",
    "language",
    "device",
    "variant",
];
/// The members only a decision has.
const DECISION_MEMBERS: &[&str] = &["consentId", "choices", "action", "first", "decidedAt"];

fn read_event(value: &JsonValue, path: &str) -> Result<ConsentEvent, ReceiptError> {
    let JsonValue::Object(members) = value else {
        return Err(refuse(
            path,
            format!("expected an object, found {}", value.kind()),
        ));
    };
    let field = |name: &str| format!("{path}.{name}");
    let kind = str_member(value, "type", path)?;
    let is_decision = match kind {
        "impression" => false,
        "decision" => true,
        _ => {
            return Err(refuse(
                field("type"),
                "expected \"impression\" or \"decision\"",
            ))
        }
    };
    let allowed = |key: &str| {
        SHOWN_MEMBERS.contains(&key) || (is_decision && DECISION_MEMBERS.contains(&key))
    };
    if let Some((unknown, _)) = members.iter().find(|(k, _)| !allowed(k)) {
        return Err(refuse(field(unknown), "unknown member"));
    }
    let event_id = EventId::parse(str_member(value, "eventId", path)?)
        .ok_or_else(|| refuse(field("eventId"), "expected 16 Crockford base32 characters"))?;
    let shown = read_shown(value, path)?;
    if !is_decision {
        return Ok(ConsentEvent::Impression { event_id, shown });
    }
    let consent_id = ConsentId::parse(str_member(value, "consentId", path)?).ok_or_else(|| {
        refuse(
            field("consentId"),
            "expected 16 Crockford base32 characters",
        )
    })?;
    let choices = read_choices(value.get("choices"), &field("choices"))?;
    let action =
        DecisionAction::from_name(str_member(value, "action", path)?).ok_or_else(|| {
            refuse(
                field("action"),
                "expected \"accept_all\", \"reject_all\", \"custom\" or \"withdraw\"",
            )
        })?;
    check_action_matches_choices(action, &choices)
        .map_err(|problem| refuse(field("action"), problem))?;
    let Some(JsonValue::Bool(first)) = value.get("first") else {
        return Err(refuse(field("first"), "expected true or false"));
    };
    let first = *first;
    if first && action == DecisionAction::Withdraw {
        return Err(refuse(
            field("first"),
            "a first decision cannot withdraw anything",
        ));
    }
    let decided_at = whole_number(value.get("decidedAt"), 1, 9_999_999_999)
        .ok_or_else(|| refuse(field("decidedAt"), "expected Unix seconds"))?;
    Ok(ConsentEvent::Decision {
        event_id,
        shown,
        consent_id,
        choices,
        action,
        first,
        decided_at,
    })
}

fn read_shown(value: &JsonValue, path: &str) -> Result<ShownContext, ReceiptError> {
    let field = |name: &str| format!("{path}.{name}");
    let revision =
        whole_number(value.get("revision"), 1, u64::from(MAX_REVISION)).ok_or_else(|| {
            refuse(
                field("revision"),
                "expected a whole number from 1 to 999999999",
            )
        })?;
    let config_hash = str_member(value, "configHash", path)?;
    if config_hash.len() != 64
        || !config_hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(refuse(
            field("configHash"),
            "expected 64 lower-case hex digits (SHA-256)",
        ));
    }
    let language_code = str_member(value, "language", path)?;
    let language = Language::ALL
        .into_iter()
        .find(|l| l.code() == language_code)
        .ok_or_else(|| refuse(field("language"), "expected \"ru\", \"kk\" or \"en\""))?;
    let device = DeviceClass::from_name(str_member(value, "device", path)?).ok_or_else(|| {
        refuse(
            field("device"),
            "expected \"mobile\", \"tablet\" or \"desktop\"",
        )
    })?;
    let variant = match value.get("variant") {
        None | Some(JsonValue::Null) => None,
        Some(JsonValue::String(v)) if CategoryId::parse(v).is_ok() => Some(v.clone()),
        Some(_) => {
            return Err(refuse(
                field("variant"),
                format!("expected null or an id of 1 to {MAX_CATEGORY_ID_LEN} characters a-z, 0-9, '_', '-'"),
            ))
        }
    };
    Ok(ShownContext {
        revision: revision as u32,
        config_hash: config_hash.to_owned(),
        language,
        device,
        variant,
    })
}

fn read_choices(value: Option<&JsonValue>, path: &str) -> Result<Choices, ReceiptError> {
    let Some(JsonValue::Object(members)) = value else {
        return Err(refuse(path, "expected an object of category: true/false"));
    };
    if members.is_empty() || members.len() > MAX_RECEIPT_CHOICES {
        return Err(refuse(path, "expected 1 to 32 categories"));
    }
    let mut choices = Choices::new();
    for (name, granted) in members {
        let category = CategoryId::parse(name)
            .ok()
            .filter(|c| !c.is_necessary())
            .ok_or_else(|| refuse(format!("{path}.{name}"), "not an optional category id"))?;
        let JsonValue::Bool(granted) = granted else {
            return Err(refuse(format!("{path}.{name}"), "expected true or false"));
        };
        choices.set(&category, *granted);
    }
    Ok(choices)
}

/// An "accept all" must grant everything, a "reject all" refuse everything, a "custom" mix,
/// and a withdrawal must refuse something: anything else is not what the widget sends.
fn check_action_matches_choices(
    action: DecisionAction,
    choices: &Choices,
) -> Result<(), &'static str> {
    let granted = choices.granted().count();
    let consistent = match action {
        DecisionAction::AcceptAll => granted == choices.len(),
        DecisionAction::RejectAll => granted == 0,
        DecisionAction::Custom => granted > 0 && granted < choices.len(),
        DecisionAction::Withdraw => granted < choices.len(),
    };
    if consistent {
        Ok(())
    } else {
        Err("does not match the choices")
    }
}

fn str_member<'a>(value: &'a JsonValue, name: &str, path: &str) -> Result<&'a str, ReceiptError> {
    match value.get(name) {
        Some(JsonValue::String(s)) => Ok(s),
        Some(other) => Err(refuse(
            format!("{path}.{name}"),
            format!("expected a string, found {}", other.kind()),
        )),
        None => Err(refuse(format!("{path}.{name}"), "missing")),
    }
}

fn whole_number(value: Option<&JsonValue>, min: u64, max: u64) -> Option<u64> {
    match value {
        Some(JsonValue::Number(n)) if n.fract() == 0.0 && *n >= min as f64 && *n <= max as f64 => {
            Some(*n as u64)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown() -> ShownContext {
        ShownContext {
            revision: 3,
            config_hash: "ab".repeat(32),
            language: Language::Kk,
            device: DeviceClass::Mobile,
            variant: Some("b".into()),
        }
    }

    fn decision(action: DecisionAction, analytics: bool, advertising: bool) -> ConsentEvent {
        let mut choices = Choices::new();
        choices.set(&CategoryId::parse("analytics").unwrap(), analytics);
        choices.set(&CategoryId::parse("advertising").unwrap(), advertising);
        ConsentEvent::Decision {
            event_id: EventId::from_random_bytes([1; 10]),
            shown: shown(),
            consent_id: ConsentId::from_random_bytes([2; 10]),
            choices,
            first: action != DecisionAction::Withdraw,
            action,
            decided_at: 1_764_100_000,
        }
    }

    #[test]
    fn what_the_widget_writes_the_server_reads_back() {
        let events = vec![
            ConsentEvent::Impression {
                event_id: EventId::from_random_bytes([3; 10]),
                shown: ShownContext {
                    variant: None,
                    ..shown()
                },
            },
            decision(DecisionAction::Custom, true, false),
        ];
        assert_eq!(parse_event_batch(&batch_json(&events)), Ok(events));
    }

    #[test]
    fn actions_must_match_choices() {
        for (action, a, b, ok) in [
            (DecisionAction::AcceptAll, true, true, true),
            (DecisionAction::AcceptAll, true, false, false),
            (DecisionAction::RejectAll, false, false, true),
            (DecisionAction::RejectAll, true, false, false),
            (DecisionAction::Custom, true, false, true),
            (DecisionAction::Custom, true, true, false),
            (DecisionAction::Withdraw, false, false, true),
            (DecisionAction::Withdraw, true, true, false),
        ] {
            let body = batch_json(&[decision(action, a, b)]);
            assert_eq!(parse_event_batch(&body).is_ok(), ok, "{action:?} {a} {b}");
        }
    }

    fn error_field(body: &str) -> String {
        parse_event_batch(body).unwrap_err().field
    }

    #[test]
    fn every_malformed_member_is_named() {
        let good = decision(DecisionAction::AcceptAll, true, true).to_json();
        let with = |from: &str, to: &str| {
            assert!(good.contains(from), "{from}");
            format!("{{\"events\":[{}]}}", good.replacen(from, to, 1))
        };
        assert_eq!(
            error_field(&with("\"type\":\"decision\"", "\"type\":\"click\"")),
            "events[0].type"
        );
        assert_eq!(
            error_field(&with("\"eventId\":\"", "\"eventId\":\"x")),
            "events[0].eventId"
        );
        assert_eq!(
            error_field(&with("\"revision\":3", "\"revision\":0")),
            "events[0].revision"
        );
        assert_eq!(
            error_field(&with("\"revision\":3", "\"revision\":\"3\"")),
            "events[0].revision"
        );
        assert_eq!(
            error_field(&with("\"configHash\":\"ab", "\"configHash\":\"AB")),
            "events[0].configHash"
        );
        assert_eq!(
            error_field(&with("\"language\":\"kk\"", "\"language\":\"de\"")),
            "events[0].language"
        );
        assert_eq!(
            error_field(&with("\"device\":\"mobile\"", "\"device\":\"phone\"")),
            "events[0].device"
        );
        assert_eq!(
            error_field(&with("\"variant\":\"b\"", "\"variant\":\"B B\"")),
            "events[0].variant"
        );
        assert_eq!(
            error_field(&with("\"consentId\":\"", "\"consentId\":\"0")),
            "events[0].consentId"
        );
        assert_eq!(
            error_field(&with("\"analytics\":true", "\"analytics\":1")),
            "events[0].choices.analytics"
        );
        assert_eq!(
            error_field(&with("\"analytics\":true", "\"necessary\":true")),
            "events[0].choices.necessary"
        );
        assert_eq!(
            error_field(&with("\"action\":\"accept_all\"", "\"action\":\"yes\"")),
            "events[0].action"
        );
        assert_eq!(
            error_field(&with("\"decidedAt\":1764100000", "\"decidedAt\":-1")),
            "events[0].decidedAt"
        );
        assert_eq!(
            error_field(&with("\"decidedAt\":1764100000", "\"decidedAt\":1e300")),
            "events[0].decidedAt"
        );
        assert_eq!(
            error_field(&with("{\"type\"", "{\"ip\":\"1.2.3.4\",\"type\"")),
            "events[0].ip"
        );
    }

    #[test]
    fn batches_are_bounded_and_well_formed() {
        let one = decision(DecisionAction::AcceptAll, true, true);
        assert_eq!(error_field("{}"), "events");
        assert_eq!(error_field("{\"events\":[]}"), "events");
        assert_eq!(error_field("{\"events\":[],\"extra\":1}"), "extra");
        assert_eq!(error_field("[]"), "");
        assert_eq!(error_field("{\"events\":[1]}"), "events[0]");
        assert_eq!(
            error_field(&batch_json(&vec![one.clone(); 2])),
            "events[1].eventId"
        );
        let many: Vec<ConsentEvent> = (0..51u8)
            .map(|i| ConsentEvent::Impression {
                event_id: EventId::from_random_bytes([i; 10]),
                shown: shown(),
            })
            .collect();
        assert_eq!(error_field(&batch_json(&many)), "events");
        assert_eq!(error_field(&" ".repeat(MAX_BATCH_BYTES + 1)), "");
    }

    #[test]
    fn devices_are_classed_by_viewport() {
        assert_eq!(DeviceClass::from_viewport(375.0, true), DeviceClass::Mobile);
        assert_eq!(DeviceClass::from_viewport(820.0, true), DeviceClass::Tablet);
        assert_eq!(
            DeviceClass::from_viewport(820.0, false),
            DeviceClass::Desktop
        );
        assert_eq!(
            DeviceClass::from_viewport(1280.0, true),
            DeviceClass::Desktop
        );
    }
}
