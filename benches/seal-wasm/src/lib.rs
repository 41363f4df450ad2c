//! Benchmark-only: [`envelope::seal`] exported to JavaScript as `sealRecord`, so that
//! `benches/seal-vs-hpke-js.mjs` can time the Rust/wasm sealing path next to `@hpke/core` in the
//! same Node process. Not shipped.
//!
//! The work per call is the portal's (`app/src/submit.rs`): a public key config (validated on
//! every call, as the portal does), a fresh random submission id, a [`envelope::Meta`] and
//! [`envelope::seal`] with the OS random generator (`crypto.getRandomValues` under wasm).
//! Unlike the portal, the caller passes the record JSON and `createdAt` (the portal serializes its
//! `TravelRecord` and reads the clock itself).

/// Schema version written in the meta (the portal writes `checker_wasm::record::SCHEMA_VERSION`,
/// which is 1; not imported to keep this crate's build small).
pub const SCHEMA: u32 = 1;

/// Seals `record_json` to the key in `public_key_config_json`, with a fresh submission id and
/// `created_at` in the meta. Errors carry the envelope's stable code (`envelope.bad_key`, …).
pub fn seal_record(
    public_key_config_json: &str,
    record_json: &str,
    created_at: &str,
) -> Result<Vec<u8>, String> {
    let config: envelope::PublicKeyConfig = serde_json_config(public_key_config_json)?;
    let submission_id = envelope::new_submission_id().map_err(|e| describe(&e))?;
    let meta = envelope::Meta::new(submission_id, created_at, SCHEMA);
    envelope::seal(&config, &meta, record_json.as_bytes()).map_err(|e| describe(&e))
}

fn serde_json_config(text: &str) -> Result<envelope::PublicKeyConfig, String> {
    serde_json::from_str(text)
        .map_err(|e| format!("envelope.bad_key: not a public key config: {e}"))
}

fn describe(e: &envelope::EnvelopeError) -> String {
    format!("{}: {e}", e.code())
}

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    /// `sealRecord(publicKeyConfigJson, recordJson, createdAt) -> Uint8Array` (the envelope);
    /// throws an `Error` whose message starts with the envelope error code.
    #[wasm_bindgen(js_name = sealRecord)]
    pub fn seal_record(
        public_key_config_json: &str,
        record_json: &str,
        created_at: &str,
    ) -> Result<js_sys::Uint8Array, JsError> {
        super::seal_record(public_key_config_json, record_json, created_at)
            .map(|bytes| js_sys::Uint8Array::from(bytes.as_slice()))
            .map_err(|msg| JsError::new(&msg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use envelope::{Kem, generate_keypair_os, open};

    const RECORD: &str = r#"{"schema":1,"surname":"ERIKSSON","givenNames":"ANNA MARIA"}"#;
    const CREATED_AT: &str = "2025-11-26T17:29:00Z";

    #[test]
    fn sealed_record_opens_with_the_secret_for_both_suites() {
        for kem in [Kem::XWing, Kem::X25519] {
            let (secret, config) = generate_keypair_os(kem).unwrap();
            let config_json = serde_json::to_string(&config).unwrap();
            let env = seal_record(&config_json, RECORD, CREATED_AT).unwrap();
            let opened = open(&secret, &env).unwrap();
            assert_eq!(opened.record_json, RECORD.as_bytes());
            assert_eq!(opened.header.kem, kem.id());
            assert_eq!(opened.header.meta.created_at, CREATED_AT);
            assert_eq!(opened.header.meta.schema, SCHEMA);
        }
    }

    #[test]
    fn every_call_gets_a_fresh_submission_id() {
        let (secret, config) = generate_keypair_os(Kem::X25519).unwrap();
        let config_json = serde_json::to_string(&config).unwrap();
        let a = open(
            &secret,
            &seal_record(&config_json, RECORD, CREATED_AT).unwrap(),
        )
        .unwrap();
        let b = open(
            &secret,
            &seal_record(&config_json, RECORD, CREATED_AT).unwrap(),
        )
        .unwrap();
        assert_ne!(a.header.meta.submission_id, b.header.meta.submission_id);
    }

    #[test]
    fn errors_carry_the_envelope_code() {
        let (_, config) = generate_keypair_os(Kem::X25519).unwrap();
        let good = serde_json::to_string(&config).unwrap();
        let bad_kid = good.replace(&config.kid, "0000000000000000");
        let cases = [
            ("not json", RECORD, CREATED_AT, "envelope.bad_key:"),
            (bad_kid.as_str(), RECORD, CREATED_AT, "envelope.bad_key:"),
            (good.as_str(), "{not json", CREATED_AT, "envelope.record:"),
            (
                good.as_str(),
                RECORD,
                "2025-11-26 17:29:00",
                "envelope.meta:",
            ),
        ];
        for (cfg, record, created_at, code) in cases {
            let err = seal_record(cfg, record, created_at).unwrap_err();
            assert!(err.starts_with(code), "{err:?} should start with {code}");
        }
    }
}
