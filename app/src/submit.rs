//! Sealing the record in the browser and delivering it to the intake.
//!
//! Submit seals the record separately to every recipient in the config
//! (independent HPKE seals under one submission id) and puts each envelope
//! in the outbox ([`crate::outbox`], IndexedDB) before the first attempt, so
//! it survives a closed page; a copy leaves the outbox only when its
//! recipient acknowledges it (a receipt for these bytes, signed with the
//! recipient's pinned receipt key) or refuses it for good. While
//! the page is open this module retries with exponential backoff and full
//! jitter, `Retry-After` honoured; the outbox is also flushed on page load,
//! `online` and `visibilitychange`, and by the service worker's Background
//! Sync. The intake is idempotent (same submission id, same bytes: the same
//! receipt), so a second delivery of the same envelope is harmless.
//!
//! The reference shown to the traveler is derived from the submission id
//! (`envelope::reference_of`), so the receipt page can show it before the
//! intake has answered.

use crate::config::Recipient;
use crate::i18n::Key;
use crate::outbox::{Copy, Outcome};
use checker_wasm::TravelRecord;

/// First retry delay's upper bound; doubled each time.
pub const BASE_DELAY_MS: u32 = 1_000;
/// Upper bound of the wait between attempts.
pub const MAX_DELAY_MS: u32 = 30_000;
/// Shortest wait between attempts (full jitter may draw 0).
pub const MIN_DELAY_MS: u32 = 250;
/// Longest wait for one attempt's answer before it counts as failed.
pub const ATTEMPT_TIMEOUT_MS: u32 = 30_000;

/// Why sealing failed or the intake refused: the message key and, for HTTP
/// refusals, the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    /// Translated explanation.
    pub key: Key,
    /// HTTP status, when the server answered.
    pub status: Option<u16>,
}

/// The explanation of a final refusal with HTTP `status` (which statuses
/// are final is `classify` in app/outbox.js: all but 200, 201, 408, 429 and
/// 5xx).
pub fn refusal_key(status: u16) -> Key {
    match status {
        400 => Key::SendBadRequest,
        409 => Key::SendConflict,
        413 => Key::SendTooLarge,
        415 => Key::SendUnsupported,
        422 => Key::SendUnprocessable,
        _ => Key::SendOther,
    }
}

/// Delay before retry number `retry` (1-based), "full jitter": a uniform
/// draw (`random` in 0..1) below 1 s, 2 s, 4 s … capped at 30 s, at least
/// [`MIN_DELAY_MS`]; the server's `Retry-After` when it asks for longer
/// (up to ten minutes).
pub fn backoff_ms(retry: u32, retry_after_ms: Option<u32>, random: f64) -> u32 {
    let ceiling = BASE_DELAY_MS
        .saturating_mul(1u32 << retry.saturating_sub(1).min(15))
        .min(MAX_DELAY_MS);
    let drawn = (f64::from(ceiling) * random.clamp(0.0, 1.0)) as u32;
    drawn
        .max(MIN_DELAY_MS)
        .max(retry_after_ms.unwrap_or(0).min(600_000))
}

/// The record sealed to `recipient`'s key under `submission_id` (in the
/// lazily loaded module, see [`crate::lazy`]: awaits it), as the copy to
/// put in the outbox; `replaces` names the submission it replaces (the
/// traveler changed the answers after submitting).
pub async fn seal(
    recipient: &Recipient,
    record: &TravelRecord,
    submission_id: &str,
    replaces: Option<&str>,
) -> Result<Copy, SendError> {
    let seal_error = SendError {
        key: Key::SendSeal,
        status: None,
    };
    let json = serde_json::to_vec(record).map_err(|_| seal_error.clone())?;
    let key = serde_json::to_string(&recipient.public_key).map_err(|_| seal_error.clone())?;
    let envelope = crate::lazy::seal(
        &key,
        submission_id,
        &now_rfc3339(),
        checker_wasm::record::SCHEMA_VERSION,
        &json,
        replaces,
    )
    .await
    .map_err(|_| seal_error)?;
    Ok(Copy {
        submission_id: submission_id.to_owned(),
        recipient: recipient.kid().to_owned(),
        endpoint: recipient.endpoint.clone(),
        envelope,
        receipt_kid: recipient.pin.receipt_kid.clone(),
        receipt_public_key: recipient.pin.receipt_public_key.clone(),
    })
}

/// A random (v4) UUID, lowercase.
pub fn new_submission_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Now, RFC 3339 UTC (`2026-11-26T08:30:00.123Z`).
pub fn now_rfc3339() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::new_0().to_iso_string().into()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        "1970-01-01T00:00:00Z".to_owned()
    }
}

/// Attempts delivery until the outcome is final (acknowledged, refused, or
/// gone: finished by another context), for as long as the page lives;
/// `on_attempt` sees every attempt's outcome.
pub async fn deliver_until_final(
    copy: &Copy,
    stored: bool,
    on_attempt: impl Fn(&Outcome),
) -> Outcome {
    let mut retry = 0;
    loop {
        let outcome = crate::outbox::deliver(copy, stored).await;
        on_attempt(&outcome);
        let wait = match outcome {
            done @ (Outcome::Acknowledged(_) | Outcome::Refused(_) | Outcome::Gone) => {
                return done;
            }
            Outcome::Retry(after) => {
                retry += 1;
                backoff_ms(retry, after, js_sys::Math::random())
            }
            // Another context holds it: look again shortly.
            Outcome::Busy => backoff_ms(1, None, js_sys::Math::random()),
        };
        gloo_timers::future::TimeoutFuture::new(wait).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_explained() {
        assert_eq!(refusal_key(409), Key::SendConflict);
        assert_eq!(refusal_key(400), Key::SendBadRequest);
        assert_eq!(refusal_key(413), Key::SendTooLarge);
        assert_eq!(refusal_key(415), Key::SendUnsupported);
        assert_eq!(refusal_key(422), Key::SendUnprocessable);
        assert_eq!(refusal_key(404), Key::SendOther);
    }

    #[test]
    fn backoff_is_full_jitter_doubling_and_capped() {
        // The top of the draw doubles, then stays at the cap.
        assert_eq!(backoff_ms(1, None, 1.0), 1_000);
        assert_eq!(backoff_ms(2, None, 1.0), 2_000);
        assert_eq!(backoff_ms(3, None, 1.0), 4_000);
        assert_eq!(backoff_ms(10, None, 1.0), MAX_DELAY_MS);
        // Uniform below it, never below the floor.
        assert_eq!(backoff_ms(3, None, 0.5), 2_000);
        assert_eq!(backoff_ms(3, None, 0.0), MIN_DELAY_MS);
        assert_eq!(backoff_ms(40, None, 0.25), MAX_DELAY_MS / 4);
        // Retry-After wins when longer, up to ten minutes.
        assert_eq!(backoff_ms(1, Some(5_000), 0.1), 5_000);
        assert_eq!(backoff_ms(1, Some(90_000), 0.1), 90_000);
        assert_eq!(backoff_ms(1, Some(6_000_000), 0.1), 600_000);
    }

    #[test]
    fn submission_ids_are_v4() {
        let id = new_submission_id();
        assert_eq!(id.len(), 36);
        assert_eq!(id.as_bytes()[14], b'4');
        assert_ne!(id, new_submission_id());
    }
}
