//! The only place that talks to the `hpke` crate: key derivation, sender and receiver contexts
//! for the two suites, always HKDF-SHA256 + ChaCha20-Poly1305, base mode.

use hpke::{
    Deserializable, Kem as KemTrait, OpModeR, OpModeS, Serializable,
    aead::{AeadCtxR, AeadCtxS, ChaCha20Poly1305},
    kdf::HkdfSha256,
    rand_core::{CryptoRng, TryCryptoRng, TryRng},
};
use zeroize::Zeroizing;

use crate::{EnvelopeError, Kem};

pub(crate) type XWingKem = hpke::kem::XWing;
pub(crate) type X25519Kem = hpke::kem::X25519HkdfSha256;

pub(crate) type SenderCtx<K> = AeadCtxS<ChaCha20Poly1305, HkdfSha256, K>;
pub(crate) type ReceiverCtx<K> = AeadCtxR<ChaCha20Poly1305, HkdfSha256, K>;

/// Bytes of randomness one encapsulation consumes (X-Wing: 64-byte eseed; DHKEM: 32-byte ikmE).
pub(crate) fn encap_randomness_len(kem: Kem) -> usize {
    match kem {
        Kem::XWing => 64,
        Kem::X25519 => 32,
    }
}

/// Public key bytes for a 32-byte secret (X-Wing seed or X25519 scalar).
pub(crate) fn public_key_of<K: KemTrait>(secret: &[u8; 32]) -> Result<Vec<u8>, EnvelopeError> {
    let sk = K::PrivateKey::from_bytes(secret)
        .map_err(|e| EnvelopeError::BadKey(format!("secret key rejected: {e}")))?;
    Ok(K::sk_to_pk(&sk).to_bytes().to_vec())
}

/// Checks that `pk` parses as a public key of `K` (length and, for X-Wing, the ML-KEM checks).
pub(crate) fn check_public_key<K: KemTrait>(pk: &[u8]) -> Result<(), EnvelopeError> {
    K::PublicKey::from_bytes(pk)
        .map(|_| ())
        .map_err(|e| EnvelopeError::BadKey(format!("public key rejected: {e}")))
}

/// RFC 9180 / draft-ietf-hpke-pq `DeriveKeyPair(ikm)`; returns (secret bytes, public key bytes).
/// Only the known-answer tests need it: Envelope v1 keys are 32 random bytes.
#[cfg(test)]
pub(crate) fn derive_keypair<K: KemTrait>(ikm: &[u8]) -> (Zeroizing<Vec<u8>>, Vec<u8>) {
    let (sk, pk) = K::derive_keypair(ikm);
    (
        Zeroizing::new(sk.to_bytes().to_vec()),
        pk.to_bytes().to_vec(),
    )
}

/// HPKE `SetupBaseS(pkR, info)` with the encapsulation randomness drawn from `rng`.
pub(crate) fn setup_sender<K: KemTrait>(
    pk: &[u8],
    info: &[u8],
    rng: &mut impl CryptoRng,
) -> Result<(Vec<u8>, SenderCtx<K>), EnvelopeError> {
    let pk = K::PublicKey::from_bytes(pk)
        .map_err(|e| EnvelopeError::BadKey(format!("public key rejected: {e}")))?;
    let (enc, ctx) = hpke::setup_sender_with_rng::<ChaCha20Poly1305, HkdfSha256, K>(
        &OpModeS::Base,
        &pk,
        info,
        rng,
    )
    .map_err(|e| EnvelopeError::BadKey(format!("encapsulation failed: {e}")))?;
    Ok((enc.to_bytes().to_vec(), ctx))
}

/// HPKE `SetupBaseR(enc, skR, info)`. Every failure is reported as [`EnvelopeError::Decrypt`].
pub(crate) fn setup_receiver<K: KemTrait>(
    secret: &[u8; 32],
    enc: &[u8],
    info: &[u8],
) -> Result<ReceiverCtx<K>, EnvelopeError> {
    let sk = K::PrivateKey::from_bytes(secret)
        .map_err(|e| EnvelopeError::BadKey(format!("secret key rejected: {e}")))?;
    let enc = K::EncappedKey::from_bytes(enc).map_err(|_| EnvelopeError::Decrypt)?;
    hpke::setup_receiver::<ChaCha20Poly1305, HkdfSha256, K>(&OpModeR::Base, &sk, &enc, info)
        .map_err(|_| EnvelopeError::Decrypt)
}

/// Single-shot seal: returns (`enc`, ciphertext ‖ tag). `aad` is empty in Envelope v1.
pub(crate) fn seal<K: KemTrait>(
    pk: &[u8],
    info: &[u8],
    plaintext: &[u8],
    rng: &mut impl CryptoRng,
) -> Result<(Vec<u8>, Vec<u8>), EnvelopeError> {
    let (enc, mut ctx) = setup_sender::<K>(pk, info, rng)?;
    let ct = ctx
        .seal(plaintext, &[])
        .map_err(|e| EnvelopeError::BadKey(format!("sealing failed: {e}")))?;
    Ok((enc, ct))
}

/// Single-shot open with empty `aad`.
pub(crate) fn open<K: KemTrait>(
    secret: &[u8; 32],
    enc: &[u8],
    info: &[u8],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, EnvelopeError> {
    let mut ctx = setup_receiver::<K>(secret, enc, info)?;
    ctx.open(ciphertext, &[])
        .map(Zeroizing::new)
        .map_err(|_| EnvelopeError::Decrypt)
}

/// A random source that replays bytes drawn in advance (from the OS, fallibly) so that `seal`
/// can report an RNG failure as an error instead of panicking inside `hpke`. If more bytes are
/// requested than were drawn, it hands out zeros and records the overrun; the caller then
/// discards the result and returns an error.
pub(crate) struct PreDrawnRng {
    bytes: Zeroizing<Vec<u8>>,
    pos: usize,
    overrun: bool,
}

impl PreDrawnRng {
    pub(crate) fn new(bytes: Zeroizing<Vec<u8>>) -> Self {
        PreDrawnRng {
            bytes,
            pos: 0,
            overrun: false,
        }
    }

    /// True if every byte handed out came from the pre-drawn buffer.
    pub(crate) fn ok(&self) -> bool {
        !self.overrun
    }
}

impl TryRng for PreDrawnRng {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        let end = self.pos.saturating_add(dst.len());
        match self.bytes.get(self.pos..end) {
            Some(src) => {
                dst.copy_from_slice(src);
                self.pos = end;
            }
            None => {
                dst.fill(0);
                self.overrun = true;
            }
        }
        Ok(())
    }
}

impl TryCryptoRng for PreDrawnRng {}

/// KEM-level encapsulation (for the X-Wing KEM known-answer tests): (shared secret, enc).
#[cfg(test)]
pub(crate) fn kem_encap<K: KemTrait>(
    pk: &[u8],
    rng: &mut impl CryptoRng,
) -> Result<(Vec<u8>, Vec<u8>), EnvelopeError> {
    let pk = K::PublicKey::from_bytes(pk)
        .map_err(|e| EnvelopeError::BadKey(format!("public key rejected: {e}")))?;
    let (ss, enc) = K::encap_with_rng(&pk, None, rng).map_err(|_| EnvelopeError::Decrypt)?;
    Ok((ss.0.to_vec(), enc.to_bytes().to_vec()))
}

/// KEM-level decapsulation (for the X-Wing KEM known-answer tests): the shared secret.
#[cfg(test)]
pub(crate) fn kem_decap<K: KemTrait>(
    secret: &[u8; 32],
    enc: &[u8],
) -> Result<Vec<u8>, EnvelopeError> {
    let sk = K::PrivateKey::from_bytes(secret)
        .map_err(|e| EnvelopeError::BadKey(format!("secret key rejected: {e}")))?;
    let enc = K::EncappedKey::from_bytes(enc).map_err(|_| EnvelopeError::Decrypt)?;
    let ss = K::decap(&sk, None, &enc).map_err(|_| EnvelopeError::Decrypt)?;
    Ok(ss.0.to_vec())
}
