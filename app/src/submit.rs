//! Sealing the record in the browser and posting it to the intake, with
//! retries that keep the intake idempotent (same envelope bytes, same
//! submission id).
//!
//! Retries go on for as long as the page is open and the traveler's session
//! lasts (a kiosk reset ends it): exponential backoff with full jitter, a
//! timeout per attempt, `Retry-After` honoured. A submission counts as
//! received only when the intake answers 200/201 with its JSON receipt and
//! the receipt's `sha256` is the envelope's: a captive portal's 200 page, a
//! proxy's answer or a receipt for other bytes is not an acknowledgement.

use crate::config::Config;
use crate::i18n::Key;
use crate::state::Receipt;
use checker_wasm::TravelRecord;

/// First retry delay's upper bound; doubled each time.
pub const BASE_DELAY_MS: u32 = 1_000;
/// Upper bound of the wait between attempts.
pub const MAX_DELAY_MS: u32 = 30_000;
/// Shortest wait between attempts (full jitter may draw 0).
pub const MIN_DELAY_MS: u32 = 250;
/// Longest wait for one attempt's answer before it counts as failed.
pub const ATTEMPT_TIMEOUT_MS: u32 = 30_000;

/// Why a submission failed: the message key and, for HTTP errors, the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    /// Translated explanation.
    pub key: Key,
    /// HTTP status, when the server answered.
    pub status: Option<u16>,
}

/// What one attempt gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// 200 or 201 with a receipt.
    Done(Receipt),
    /// Worth retrying (network error, timeout, 408, 429, 5xx, not the
    /// intake's receipt); the server's `Retry-After` in ms, if any.
    Retry(Option<u32>),
    /// Final.
    Fail(SendError),
}

/// How an HTTP status is handled.
pub fn classify(status: u16) -> Result<(), (SendError, bool)> {
    let err = |key| SendError {
        key,
        status: Some(status),
    };
    match status {
        200 | 201 => Ok(()),
        400 => Err((err(Key::SendBadRequest), false)),
        408 => Err((err(Key::SendNetwork), true)),
        409 => Err((err(Key::SendConflict), false)),
        413 => Err((err(Key::SendTooLarge), false)),
        415 => Err((err(Key::SendUnsupported), false)),
        422 => Err((err(Key::SendUnprocessable), false)),
        429 => Err((err(Key::SendBusy), true)),
        503 => Err((err(Key::SendUnavailable), true)),
        500..=599 => Err((err(Key::SendOther), true)),
        _ => Err((err(Key::SendOther), false)),
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

/// Lowercase hex SHA-256 of the envelope: what the intake's receipt must carry.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `receipt` acknowledges exactly `envelope`.
pub fn acknowledges(receipt: &Receipt, envelope: &[u8]) -> bool {
    !receipt.reference.is_empty() && receipt.sha256.eq_ignore_ascii_case(&sha256_hex(envelope))
}

/// Parses a `Retry-After` header given in seconds.
pub fn parse_retry_after(value: Option<String>) -> Option<u32> {
    value?
        .trim()
        .parse::<u32>()
        .ok()
        .map(|s| s.saturating_mul(1000))
}

/// The record sealed to the agency's key, with a fresh submission id (in the
/// lazily loaded module, see [`crate::lazy`]: awaits it).
pub async fn seal(config: &Config, record: &TravelRecord) -> Result<Vec<u8>, SendError> {
    let seal_error = SendError {
        key: Key::SendSeal,
        status: None,
    };
    let json = serde_json::to_vec(record).map_err(|_| seal_error.clone())?;
    let key = serde_json::to_string(&config.public_key).map_err(|_| seal_error.clone())?;
    crate::lazy::seal(
        &key,
        &new_submission_id(),
        &now_rfc3339(),
        checker_wasm::record::SCHEMA_VERSION,
        &json,
    )
    .await
    .map_err(|_| seal_error)
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

/// One POST of the envelope, given up after [`ATTEMPT_TIMEOUT_MS`].
pub async fn post_once(endpoint: &str, envelope: &[u8]) -> Attempt {
    let network = SendError {
        key: Key::SendNetwork,
        status: None,
    };
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    let _deadline = controller
        .map(|c| gloo_timers::callback::Timeout::new(ATTEMPT_TIMEOUT_MS, move || c.abort()));
    let body = js_sys::Uint8Array::from(envelope);
    let request = match gloo_net::http::Request::post(endpoint)
        .header("Content-Type", "application/octet-stream")
        .header("Accept", "application/json")
        .abort_signal(signal.as_ref())
        .body(body)
    {
        Ok(r) => r,
        Err(_) => return Attempt::Fail(network),
    };
    let response = match request.send().await {
        Ok(r) => r,
        Err(_) => return Attempt::Retry(None),
    };
    let status = response.status();
    match classify(status) {
        // Not the intake's receipt for these bytes (a captive portal's page,
        // a proxy, a cut-off answer): not an acknowledgement; try again.
        Ok(()) => match response.json::<Receipt>().await {
            Ok(receipt) if acknowledges(&receipt, envelope) => Attempt::Done(receipt),
            _ => Attempt::Retry(None),
        },
        Err((_, true)) => Attempt::Retry(parse_retry_after(response.headers().get("retry-after"))),
        Err((err, false)) => Attempt::Fail(err),
    }
}

/// Posts until acknowledged or finally refused, for as long as the page
/// lives; `on_retry(n)` is called before retry `n` (1-based) so the page can
/// say it is waiting for a connection.
pub async fn post_with_retries(
    endpoint: &str,
    envelope: &[u8],
    on_retry: impl Fn(u32),
) -> Result<Receipt, SendError> {
    let mut retry = 0;
    loop {
        match post_once(endpoint, envelope).await {
            Attempt::Done(receipt) => return Ok(receipt),
            Attempt::Fail(err) => return Err(err),
            Attempt::Retry(after) => {
                retry += 1;
                on_retry(retry);
                gloo_timers::future::TimeoutFuture::new(backoff_ms(
                    retry,
                    after,
                    js_sys::Math::random(),
                ))
                .await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert!(classify(201).is_ok());
        assert!(classify(200).is_ok());
        assert_eq!(
            classify(409),
            Err((
                SendError {
                    key: Key::SendConflict,
                    status: Some(409)
                },
                false
            ))
        );
        assert!(matches!(classify(429), Err((_, true))));
        assert!(matches!(classify(408), Err((_, true))));
        assert!(matches!(classify(503), Err((_, true))));
        assert!(matches!(classify(502), Err((_, true))));
        assert!(matches!(classify(422), Err((_, false))));
        assert!(matches!(classify(404), Err((_, false))));
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
        assert_eq!(parse_retry_after(Some(" 3 ".into())), Some(3_000));
        assert_eq!(parse_retry_after(Some("Wed, 21 Oct".into())), None);
    }

    #[test]
    fn only_a_receipt_for_these_bytes_acknowledges() {
        let envelope = b"sealed bytes";
        let mut r = Receipt {
            reference: "0123456789".into(),
            received_at: "2026-12-01T00:00:00Z".into(),
            sha256: sha256_hex(envelope),
        };
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(acknowledges(&r, envelope));
        assert!(!acknowledges(&r, b"other bytes"));
        r.sha256 = sha256_hex(b"other bytes");
        assert!(!acknowledges(&r, envelope), "a receipt for other bytes");
        r.sha256 = String::new();
        assert!(!acknowledges(&r, envelope), "a receipt without sha256");
        r.sha256 = sha256_hex(envelope);
        r.reference.clear();
        assert!(!acknowledges(&r, envelope), "no reference");
    }

    #[test]
    fn submission_ids_are_v4() {
        let id = new_submission_id();
        assert_eq!(id.len(), 36);
        assert_eq!(id.as_bytes()[14], b'4');
        assert_ne!(id, new_submission_id());
    }
}
