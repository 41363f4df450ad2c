//! The outbox of sealed envelopes (`app/outbox.js`, IndexedDB), seen from
//! Rust.
//!
//! The JS module owns storage and one delivery attempt (POST, timeout, the
//! intake's answer classified, the receipt's `sha256` checked), because the
//! service worker runs the same code for Background Sync when no page is
//! open. This module gives the page typed calls into it; the retry schedule
//! while the page is open is in [`crate::submit`].

use wasm_bindgen::prelude::*;

/// The intake's receipt for an envelope (docs/agency.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// Reference for check-in staff.
    pub reference: String,
    /// RFC 3339 time of receipt.
    pub received_at: String,
    /// SHA-256 of the envelope (checked by outbox.js).
    pub sha256: String,
}

#[wasm_bindgen(module = "/outbox.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = put)]
    async fn js_put(id: &str, endpoint: &str, envelope: &[u8]) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = list)]
    async fn js_list() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = remove)]
    async fn js_remove(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = deliver)]
    async fn js_deliver(entry: JsValue, stored: bool) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = flush)]
    async fn js_flush() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = listen)]
    fn js_listen(f: &Closure<dyn FnMut(JsValue)>) -> Result<(), JsValue>;
}

/// What one delivery attempt gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The intake's receipt for these bytes.
    Acknowledged(Receipt),
    /// Refused for good, with the HTTP status.
    Refused(u16),
    /// Worth another attempt; the server's `Retry-After` in ms, if any.
    Retry(Option<u32>),
    /// Another page or the service worker is sending it right now.
    Busy,
    /// No longer in the outbox: delivered or refused elsewhere (that
    /// context announces the outcome).
    Gone,
}

/// The outcome of one attempt for one submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// Submission id.
    pub id: String,
    /// What happened.
    pub outcome: Outcome,
}

/// An entry found in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Submission id.
    pub id: String,
    /// HTTP status of a refusal seen by the service worker, not yet shown.
    pub refused: Option<u16>,
}

fn field(v: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn text(v: &JsValue, name: &str) -> Option<String> {
    field(v, name).as_string()
}

fn number(v: &JsValue, name: &str) -> Option<u32> {
    field(v, name)
        .as_f64()
        .filter(|n| n.is_finite() && *n >= 0.0 && *n <= f64::from(u32::MAX))
        .map(|n| n as u32)
}

fn status(v: &JsValue) -> u16 {
    number(v, "status")
        .and_then(|s| u16::try_from(s).ok())
        .unwrap_or(0)
}

/// Reads one result object of `outbox.js`.
pub fn parse_delivered(v: &JsValue) -> Option<Delivered> {
    let id = text(v, "id")?;
    let outcome = match text(v, "outcome")?.as_str() {
        "acknowledged" => {
            let r = field(v, "receipt");
            Outcome::Acknowledged(Receipt {
                reference: text(&r, "reference")?,
                received_at: text(&r, "receivedAt")?,
                sha256: text(&r, "sha256")?,
            })
        }
        "refused" => Outcome::Refused(status(v)),
        "retry" => Outcome::Retry(number(v, "retryAfterMs")),
        "busy" => Outcome::Busy,
        "gone" => Outcome::Gone,
        _ => return None,
    };
    Some(Delivered { id, outcome })
}

/// Stores the envelope before its first attempt. `false` when the browser
/// gives the page no IndexedDB (some private modes): the submission is then
/// sent only while the page stays open.
pub async fn put(id: &str, endpoint: &str, envelope: &[u8]) -> bool {
    js_put(id, endpoint, envelope).await.is_ok()
}

/// One attempt (see `deliver` in outbox.js); a failure of the JS side itself
/// counts as "try again".
pub async fn deliver(id: &str, endpoint: &str, envelope: &[u8], stored: bool) -> Outcome {
    let entry = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(&entry, &JsValue::from_str(k), v);
    };
    set("id", &JsValue::from_str(id));
    set("endpoint", &JsValue::from_str(endpoint));
    set("envelope", &js_sys::Uint8Array::from(envelope).into());
    match js_deliver(entry.into(), stored).await {
        Ok(v) => parse_delivered(&v).map_or(Outcome::Retry(None), |d| d.outcome),
        Err(_) => Outcome::Retry(None),
    }
}

/// What the outbox holds (empty when it cannot be read).
pub async fn entries() -> Vec<Entry> {
    let Ok(list) = js_list().await else {
        return Vec::new();
    };
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|e| {
            Some(Entry {
                id: text(&e, "id")?,
                refused: number(&e, "refused").and_then(|s| u16::try_from(s).ok()),
            })
        })
        .collect()
}

/// Removes an entry (a refusal once it has been explained).
pub async fn remove(id: &str) {
    let _ = js_remove(id).await;
}

/// One attempt for everything waiting; the results.
pub async fn flush() -> Vec<Delivered> {
    let Ok(list) = js_flush().await else {
        return Vec::new();
    };
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|v| parse_delivered(&v))
        .collect()
}

/// Calls `f` for each final outcome announced by any context (this page,
/// another tab, the service worker). The listener lives as long as the page.
pub fn listen(f: impl FnMut(Delivered) + 'static) {
    let mut f = f;
    let closure = Closure::<dyn FnMut(JsValue)>::new(move |v: JsValue| {
        if let Some(d) = parse_delivered(&v) {
            f(d);
        }
    });
    if js_listen(&closure).is_ok() {
        closure.forget();
    }
}
