//! `GET /api/v1/receipts/{consentId}`: proof of one visitor's consent.

use axum::extract::{Path, State};
use axum::Json;
use jl_consent_api::{Receipt, ReceiptHistory};
use jl_consent_core::ConsentId;

use crate::auth::SignedIn;
use crate::clock::format_timestamp;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::StoredReceipt;

/// The receipt as the API shows it.
pub fn receipt_view(stored: StoredReceipt) -> Result<Receipt, AppError> {
    let choices = stored.choices()?;
    Ok(Receipt {
        choices,
        received_at: format_timestamp(stored.received_at_ms),
        decided_at: stored.decided_at,
        // Ingest accepts only revisions that fit.
        revision: u32::try_from(stored.revision).unwrap_or_default(),
        event_id: stored.event_id,
        config_hash: stored.config_hash,
        action: stored.action,
        first: stored.first,
        language: stored.language,
        device: stored.device,
        variant: stored.variant,
    })
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
        receipts: receipts
            .into_iter()
            .map(receipt_view)
            .collect::<Result<_, _>>()?,
    }))
}
