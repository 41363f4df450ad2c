//! The outbox of sealed envelopes (`app/outbox.js`, IndexedDB), seen from
//! Rust.
//!
//! The JS module owns storage and one delivery attempt (POST, timeout, the
//! intake's answer classified, the receipt's `sha256` and Ed25519 signature
//! checked against the recipient's pinned receipt key), and the receipt's
//! compact text, because the service worker runs the same code for
//! Background Sync when no page is open. This module gives the page typed
//! calls into it; the retry schedule while the page is open is in
//! [`crate::submit`].
//!
//! Each recipient's copy of a submission is its own entry, named
//! `<submissionId>:<recipient's sealing key id>`.

use wasm_bindgen::prelude::*;

/// A recipient's signed receipt for an envelope (docs/envelope.md,
/// "Receipts"), verified by outbox.js before it gets here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// Reference for check-in staff.
    pub reference: String,
    /// The envelope's submission id.
    pub submission_id: String,
    /// RFC 3339 time of receipt.
    pub received_at: String,
    /// SHA-256 of the envelope.
    pub sha256: String,
    /// Key id of the receipt key that signed it.
    pub kid: String,
    /// The Ed25519 signature, base64url.
    pub signature: String,
}

impl Receipt {
    fn to_js(&self) -> JsValue {
        let o = js_sys::Object::new();
        for (k, v) in [
            ("reference", &self.reference),
            ("submissionId", &self.submission_id),
            ("sha256", &self.sha256),
            ("receivedAt", &self.received_at),
            ("kid", &self.kid),
            ("signature", &self.signature),
        ] {
            let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
        }
        o.into()
    }

    fn from_js(r: &JsValue) -> Option<Receipt> {
        Some(Receipt {
            reference: text(r, "reference")?,
            submission_id: text(r, "submissionId")?,
            received_at: text(r, "receivedAt")?,
            sha256: text(r, "sha256")?,
            kid: text(r, "kid")?,
            signature: text(r, "signature")?,
        })
    }

    /// The compact text its QR code carries
    /// (`PDR1/<reference>/<submissionId>/…`).
    pub fn compact(&self) -> String {
        js_receipt_text(&self.to_js())
    }
}

/// One recipient's copy of a sealed submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    /// The submission id (the same in every copy).
    pub submission_id: String,
    /// The recipient's sealing key id.
    pub recipient: String,
    /// Where it is posted.
    pub endpoint: String,
    /// The envelope sealed to this recipient.
    pub envelope: Vec<u8>,
    /// The recipient's pinned receipt key id.
    pub receipt_kid: String,
    /// The recipient's pinned Ed25519 receipt key, base64url.
    pub receipt_public_key: String,
}

/// The name of `recipient`'s copy of `submission_id` in the outbox.
pub fn entry_id(submission_id: &str, recipient: &str) -> String {
    format!("{submission_id}:{recipient}")
}

impl Copy {
    /// Its name in the outbox.
    pub fn id(&self) -> String {
        entry_id(&self.submission_id, &self.recipient)
    }

    fn to_js(&self) -> JsValue {
        let entry = js_sys::Object::new();
        let set = |o: &js_sys::Object, k: &str, v: &JsValue| {
            let _ = js_sys::Reflect::set(o, &JsValue::from_str(k), v);
        };
        set(&entry, "id", &JsValue::from_str(&self.id()));
        set(
            &entry,
            "submissionId",
            &JsValue::from_str(&self.submission_id),
        );
        set(&entry, "recipient", &JsValue::from_str(&self.recipient));
        set(&entry, "endpoint", &JsValue::from_str(&self.endpoint));
        set(
            &entry,
            "envelope",
            &js_sys::Uint8Array::from(self.envelope.as_slice()).into(),
        );
        let key = js_sys::Object::new();
        set(&key, "kid", &JsValue::from_str(&self.receipt_kid));
        set(
            &key,
            "publicKey",
            &JsValue::from_str(&self.receipt_public_key),
        );
        set(&entry, "receiptKey", &key.into());
        entry.into()
    }
}

/// What "Check a receipt" found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Signed by one of the pinned receipt keys, unaltered.
    Genuine(Receipt),
    /// Not a receipt (neither its compact text nor its JSON).
    Malformed,
    /// Signed with a key this portal does not know.
    UnknownKey,
    /// The signature does not match: forged or altered.
    BadSignature,
}
#[wasm_bindgen(module = "/outbox.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = put)]
    async fn js_put(entry: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = receiptText)]
    fn js_receipt_text(receipt: &JsValue) -> String;
    #[wasm_bindgen(catch, js_name = checkReceipt)]
    async fn js_check_receipt(text: &str, keys: JsValue) -> Result<JsValue, JsValue>;
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

/// The outcome of one attempt for one recipient's copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// Submission id.
    pub submission_id: String,
    /// The recipient's sealing key id.
    pub recipient: String,
    /// What happened.
    pub outcome: Outcome,
}

/// An entry found in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its name in the outbox.
    pub id: String,
    /// Submission id.
    pub submission_id: String,
    /// The recipient's sealing key id.
    pub recipient: String,
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
    let submission_id = text(v, "submissionId")?;
    let recipient = text(v, "recipient")?;
    let outcome = match text(v, "outcome")?.as_str() {
        "acknowledged" => Outcome::Acknowledged(Receipt::from_js(&field(v, "receipt"))?),
        "refused" => Outcome::Refused(status(v)),
        "retry" => Outcome::Retry(number(v, "retryAfterMs")),
        "busy" => Outcome::Busy,
        "gone" => Outcome::Gone,
        _ => return None,
    };
    Some(Delivered {
        submission_id,
        recipient,
        outcome,
    })
}

/// Stores a copy before its first attempt. `false` when the browser gives
/// the page no IndexedDB (some private modes): the submission is then sent
/// only while the page stays open.
pub async fn put(copy: &Copy) -> bool {
    js_put(copy.to_js()).await.is_ok()
}

/// One attempt (see `deliver` in outbox.js); a failure of the JS side itself
/// counts as "try again".
pub async fn deliver(copy: &Copy, stored: bool) -> Outcome {
    match js_deliver(copy.to_js(), stored).await {
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
                submission_id: text(&e, "submissionId")?,
                recipient: text(&e, "recipient")?,
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

/// Checks a receipt's text (compact or JSON) against the pinned receipt
/// keys `(kid, public key)`.
pub async fn check_receipt(receipt_text: &str, keys: &[(String, String)]) -> Verdict {
    let list = js_sys::Array::new();
    for (kid, public_key) in keys {
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str("kid"), &JsValue::from_str(kid));
        let _ = js_sys::Reflect::set(
            &o,
            &JsValue::from_str("publicKey"),
            &JsValue::from_str(public_key),
        );
        list.push(&o);
    }
    let Ok(v) = js_check_receipt(receipt_text, list.into()).await else {
        return Verdict::Malformed;
    };
    match text(&v, "verdict").as_deref() {
        Some("genuine") => {
            Receipt::from_js(&field(&v, "receipt")).map_or(Verdict::Malformed, Verdict::Genuine)
        }
        Some("unknownKey") => Verdict::UnknownKey,
        Some("badSignature") => Verdict::BadSignature,
        _ => Verdict::Malformed,
    }
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
