//! `GET /api/v1/receipts/{consentId}`: proof of one visitor's consent.

use axum::extract::{Path, State};
use axum::Json;
use jl_consent_core::json::{parse_json, JsonValue};
use jl_consent_core::ConsentId;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::auth::SignedIn;
use crate::clock::format_timestamp;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::StoredReceipt;

/// Every decision under one consent id.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptHistory {
    pub consent_id: String,
    pub receipts: Vec<ReceiptView>,
}

/// One decision as the API shows it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptView {
    pub event_id: String,
    pub received_at: String,
    pub decided_at: i64,
    pub revision: i64,
    pub config_hash: String,
    pub choices: OrderedChoices,
    pub action: String,
    pub first: bool,
    pub language: String,
    pub device: String,
    pub variant: Option<String>,
}

/// Category choices in the order the widget listed them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderedChoices(pub Vec<(String, bool)>);

impl OrderedChoices {
    /// Reads the stored JSON object (`{"analytics":true,…}`); members that are not booleans
    /// cannot occur (the writer made the text) and are skipped.
    pub fn from_stored(json: &str) -> Self {
        match parse_json(json) {
            Ok(JsonValue::Object(members)) => OrderedChoices(
                members
                    .into_iter()
                    .filter_map(|(k, v)| match v {
                        JsonValue::Bool(granted) => Some((k, granted)),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => OrderedChoices::default(),
        }
    }

    /// The choice for `category`, if listed.
    pub fn get(&self, category: &str) -> Option<bool> {
        self.0.iter().find(|(c, _)| c == category).map(|(_, g)| *g)
    }
}

impl Serialize for OrderedChoices {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (category, granted) in &self.0 {
            map.serialize_entry(category, granted)?;
        }
        map.end()
    }
}

impl From<StoredReceipt> for ReceiptView {
    fn from(r: StoredReceipt) -> Self {
        ReceiptView {
            choices: OrderedChoices::from_stored(&r.choices_json),
            event_id: r.event_id,
            received_at: format_timestamp(r.received_at_ms),
            decided_at: r.decided_at,
            revision: r.revision,
            config_hash: r.config_hash,
            action: r.action,
            first: r.first,
            language: r.language,
            device: r.device,
            variant: r.variant,
        }
    }
}

/// The decisions stored under `consent_id`, oldest first; 404 when there are none.
pub async fn receipts_show(
    _user: SignedIn,
    State(state): State<AppState>,
    Path(consent_id): Path<String>,
) -> Result<Json<ReceiptHistory>, AppError> {
    let consent_id = ConsentId::parse(&consent_id).ok_or(AppError::NotFound)?;
    let receipts = state
        .store
        .receipts_for_consent(consent_id.as_str())
        .await?;
    if receipts.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(Json(ReceiptHistory {
        consent_id: consent_id.as_str().to_owned(),
        receipts: receipts.into_iter().map(ReceiptView::from).collect(),
    }))
}
