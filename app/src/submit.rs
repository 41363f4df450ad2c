//! Sealing the record in the browser and posting it to the intake, with
//! retries that keep the intake idempotent (same envelope bytes, same
//! submission id).

use crate::config::Config;
use crate::i18n::Key;
use crate::state::Receipt;
use checker_wasm::TravelRecord;

/// Attempts in all (the first and the retries).
pub const MAX_ATTEMPTS: u32 = 6;
/// First retry delay; doubled each time.
pub const BASE_DELAY_MS: u32 = 1_000;
/// Longest wait between attempts.
pub const MAX_DELAY_MS: u32 = 30_000;

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
    /// Worth retrying (network error, 5xx, 429); optional `Retry-After` in ms.
    Retry(SendError, Option<u32>),
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

/// Delay before retry number `retry` (1-based): 1 s, 2 s, 4 s … capped, or
/// the server's `Retry-After` when it asks for longer (still capped).
pub fn backoff_ms(retry: u32, retry_after_ms: Option<u32>) -> u32 {
    let exp = BASE_DELAY_MS.saturating_mul(1u32 << retry.saturating_sub(1).min(15));
    exp.max(retry_after_ms.unwrap_or(0)).min(MAX_DELAY_MS)
}

/// Parses a `Retry-After` header given in seconds.
pub fn parse_retry_after(value: Option<String>) -> Option<u32> {
    value?
        .trim()
        .parse::<u32>()
        .ok()
        .map(|s| s.saturating_mul(1000))
}

/// The record sealed to the agency's key, with a fresh submission id.
pub fn seal(config: &Config, record: &TravelRecord) -> Result<Vec<u8>, SendError> {
    let seal_error = SendError {
        key: Key::SendSeal,
        status: None,
    };
    let json = serde_json::to_vec(record).map_err(|_| seal_error.clone())?;
    let meta = envelope::Meta::new(
        new_submission_id(),
        now_rfc3339(),
        checker_wasm::record::SCHEMA_VERSION,
    );
    envelope::seal(&config.public_key, &meta, &json).map_err(|_| seal_error)
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

/// One POST of the envelope.
pub async fn post_once(endpoint: &str, envelope: &[u8]) -> Attempt {
    let network = SendError {
        key: Key::SendNetwork,
        status: None,
    };
    let body = js_sys::Uint8Array::from(envelope);
    let request = match gloo_net::http::Request::post(endpoint)
        .header("Content-Type", "application/octet-stream")
        .header("Accept", "application/json")
        .body(body)
    {
        Ok(r) => r,
        Err(_) => return Attempt::Fail(network),
    };
    let response = match request.send().await {
        Ok(r) => r,
        Err(_) => return Attempt::Retry(network, None),
    };
    let status = response.status();
    match classify(status) {
        Ok(()) => match response.json::<Receipt>().await {
            Ok(receipt) if !receipt.reference.is_empty() => Attempt::Done(receipt),
            _ => Attempt::Fail(SendError {
                key: Key::SendOther,
                status: Some(status),
            }),
        },
        Err((err, true)) => Attempt::Retry(
            err,
            parse_retry_after(response.headers().get("retry-after")),
        ),
        Err((err, false)) => Attempt::Fail(err),
    }
}

/// Posts until done, a final error, or [`MAX_ATTEMPTS`]; `on_retry(n)` is
/// called before retry `n` (1-based) so the page can say "Retrying…".
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
            Attempt::Retry(err, after) => {
                retry += 1;
                if retry >= MAX_ATTEMPTS {
                    return Err(err);
                }
                on_retry(retry);
                gloo_timers::future::TimeoutFuture::new(backoff_ms(retry, after)).await;
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
        assert!(matches!(classify(502), Err((_, true))));
        assert!(matches!(classify(422), Err((_, false))));
        assert!(matches!(classify(404), Err((_, false))));
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_ms(1, None), 1_000);
        assert_eq!(backoff_ms(2, None), 2_000);
        assert_eq!(backoff_ms(3, None), 4_000);
        assert_eq!(backoff_ms(10, None), MAX_DELAY_MS);
        assert_eq!(backoff_ms(1, Some(5_000)), 5_000);
        assert_eq!(backoff_ms(1, Some(600_000)), MAX_DELAY_MS);
        assert_eq!(parse_retry_after(Some(" 3 ".into())), Some(3_000));
        assert_eq!(parse_retry_after(Some("Wed, 21 Oct".into())), None);
    }

    #[test]
    fn submission_ids_are_v4() {
        let id = new_submission_id();
        assert_eq!(id.len(), 36);
        assert_eq!(id.as_bytes()[14], b'4');
        assert_ne!(id, new_submission_id());
    }
}
