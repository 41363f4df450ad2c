//! Keys: the agency's public key as published (`PublicKeyConfig`, its key
//! id), its secret (`SecretKey`), key generation, and the random
//! submission ids senders draw.

use super::{EnvelopeError, Kem, Suite, crypto};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hpke::rand_core::CryptoRng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Key id: the first 8 bytes of SHA-256(kem_id ‖ kdf_id ‖ aead_id ‖ public key), ids big-endian.
#[must_use]
pub fn compute_key_id(suite: Suite, public_key: &[u8]) -> [u8; 8] {
    let mut h = Sha256::new();
    h.update(suite.to_bytes());
    h.update(public_key);
    let digest = h.finalize();
    let mut id = [0u8; 8];
    for (dst, src) in id.iter_mut().zip(digest.iter()) {
        *dst = *src;
    }
    id
}

pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    s
}

/// An agency's public key, as published to senders (JSON).
///
/// `{"kid": "<16 lowercase hex>", "kem": 25722, "kdf": 1, "aead": 3, "publicKey": "<base64>"}`
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PublicKeyConfig {
    /// Key id, 16 lowercase hex digits (see [`compute_key_id`]).
    pub kid: String,
    /// KEM id.
    pub kem: u16,
    /// KDF id.
    pub kdf: u16,
    /// AEAD id.
    pub aead: u16,
    /// Public key, standard base64 with padding.
    pub public_key: String,
}

impl PublicKeyConfig {
    /// The suite named by this config (not checked).
    #[must_use]
    pub fn suite(&self) -> Suite {
        Suite {
            kem: self.kem,
            kdf: self.kdf,
            aead: self.aead,
        }
    }

    /// The decoded public key bytes (base64 only; see [`PublicKeyConfig::validate`]).
    pub fn public_key_bytes(&self) -> Result<Vec<u8>, EnvelopeError> {
        BASE64.decode(self.public_key.as_bytes()).map_err(|e| {
            EnvelopeError::BadKey(format!("publicKey is not standard padded base64: {e}"))
        })
    }

    /// Key id computed from the suite ids and the public key (ignores the `kid` field).
    pub fn key_id(&self) -> Result<[u8; 8], EnvelopeError> {
        Ok(compute_key_id(self.suite(), &self.public_key_bytes()?))
    }

    /// Checks the suite is supported, the public key decodes and has the right length and
    /// structure, and `kid` equals the computed key id.
    pub fn validate(&self) -> Result<(), EnvelopeError> {
        self.validated().map(|_| ())
    }

    /// Checks the suite is supported, the public key decodes and has the right length, and
    /// `kid` equals the computed key id; unlike [`PublicKeyConfig::validate`] it does not parse
    /// the key's structure, so it needs no KEM code (SHA-256 only). For a caller that only
    /// accepts keys whose id it already trusts (the portal's pinned key ids, made by `agency
    /// keygen` from valid keys) and seals elsewhere: [`seal`] validates the key fully.
    pub fn validate_id(&self) -> Result<(), EnvelopeError> {
        self.checked_id().map(|_| ())
    }

    /// The suite, length and id checks of [`PublicKeyConfig::validate_id`]; returns the KEM
    /// and the public key bytes.
    fn checked_id(&self) -> Result<(Kem, Vec<u8>), EnvelopeError> {
        let kem = self.suite().supported_kem()?;
        let pk = self.public_key_bytes()?;
        if pk.len() != kem.public_key_len() {
            return Err(EnvelopeError::BadKey(format!(
                "{} public key must be {} bytes, got {}",
                kem.name(),
                kem.public_key_len(),
                pk.len()
            )));
        }
        let expected = hex_lower(&compute_key_id(self.suite(), &pk));
        if self.kid != expected {
            return Err(EnvelopeError::BadKey(format!(
                "kid {:?} does not match the key (expected {expected})",
                self.kid.chars().take(32).collect::<String>()
            )));
        }
        Ok((kem, pk))
    }

    /// Validates and returns the KEM and the public key bytes.
    pub(crate) fn validated(&self) -> Result<(Kem, Vec<u8>), EnvelopeError> {
        let (kem, pk) = self.checked_id()?;
        match kem {
            Kem::XWing => crypto::check_public_key::<crypto::XWingKem>(&pk)?,
            Kem::X25519 => crypto::check_public_key::<crypto::X25519Kem>(&pk)?,
        }
        Ok((kem, pk))
    }
}

/// The agency's 32-byte secret: the X-Wing seed or the X25519 private key. Zeroized on drop;
/// `Debug` does not print it.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey(pub(crate) [u8; 32]);

impl core::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

impl SecretKey {
    /// Wraps 32 secret bytes. Every 32-byte string is a valid key for both KEMs.
    #[must_use]
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        SecretKey(bytes)
    }

    /// The raw secret bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Standard base64 (with padding) of the 32 bytes.
    #[must_use]
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.0)
    }

    /// Parses standard padded base64 of exactly 32 bytes (surrounding whitespace is ignored).
    pub fn from_base64(text: &str) -> Result<Self, EnvelopeError> {
        let bytes = Zeroizing::new(BASE64.decode(text.trim().as_bytes()).map_err(|e| {
            EnvelopeError::BadKey(format!("secret key is not standard padded base64: {e}"))
        })?);
        let arr: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
            EnvelopeError::BadKey(format!("secret key must be 32 bytes, got {}", bytes.len()))
        })?;
        Ok(SecretKey(arr))
    }

    /// The public key bytes for `kem`.
    pub fn public_key(&self, kem: Kem) -> Result<Vec<u8>, EnvelopeError> {
        match kem {
            Kem::XWing => crypto::public_key_of::<crypto::XWingKem>(&self.0),
            Kem::X25519 => crypto::public_key_of::<crypto::X25519Kem>(&self.0),
        }
    }

    /// The key id of this secret's public key under `kem`'s suite.
    pub fn key_id(&self, kem: Kem) -> Result<[u8; 8], EnvelopeError> {
        Ok(compute_key_id(kem.suite(), &self.public_key(kem)?))
    }

    /// The public key config to publish for `kem`.
    ///
    /// Deriving a public key from 32 bytes cannot fail for either KEM; should the underlying
    /// library ever refuse, the returned config carries an empty key and fails
    /// [`PublicKeyConfig::validate`] (and thus `seal`).
    #[must_use]
    pub fn public_config(&self, kem: Kem) -> PublicKeyConfig {
        let pk = self.public_key(kem).unwrap_or_default();
        let suite = kem.suite();
        PublicKeyConfig {
            kid: hex_lower(&compute_key_id(suite, &pk)),
            kem: suite.kem,
            kdf: suite.kdf,
            aead: suite.aead,
            public_key: BASE64.encode(&pk),
        }
    }
}

/// A new key pair from `rng`: 32 random bytes are the secret (the X-Wing seed per the X-Wing
/// spec's `GenerateKeyPair`, or the X25519 private key).
pub fn generate_keypair<R: CryptoRng>(kem: Kem, rng: &mut R) -> (SecretKey, PublicKeyConfig) {
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    let sk = SecretKey::from_bytes(bytes);
    bytes.zeroize();
    let config = sk.public_config(kem);
    (sk, config)
}

/// A new key pair from the operating system's RNG (`crypto.getRandomValues` on wasm32).
pub fn generate_keypair_os(kem: Kem) -> Result<(SecretKey, PublicKeyConfig), EnvelopeError> {
    let mut bytes = [0u8; 32];
    os_random(&mut bytes)?;
    let sk = SecretKey::from_bytes(bytes);
    bytes.zeroize();
    let config = sk.public_config(kem);
    Ok((sk, config))
}

pub(crate) fn os_random(buf: &mut [u8]) -> Result<(), EnvelopeError> {
    getrandom::fill(buf).map_err(|e| EnvelopeError::Random(e.to_string()))
}

pub(crate) fn uuid_v4_from(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex_lower(&b);
    let mut s = String::with_capacity(36);
    for (i, c) in h.chars().enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            s.push('-');
        }
        s.push(c);
    }
    s
}

/// A fresh random (version 4) UUID for `Meta::submission_id`, from the OS RNG.
pub fn new_submission_id() -> Result<String, EnvelopeError> {
    let mut b = [0u8; 16];
    os_random(&mut b)?;
    Ok(uuid_v4_from(b))
}

/// A fresh random (version 4) UUID for `Meta::submission_id`, from `rng`.
pub fn new_submission_id_with_rng<R: CryptoRng>(rng: &mut R) -> String {
    let mut b = [0u8; 16];
    rng.fill_bytes(&mut b);
    uuid_v4_from(b)
}
