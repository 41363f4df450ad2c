#!/usr/bin/env python3
"""Independent Envelope v1 implementation, written from docs/envelope.md only.

Uses pyca/cryptography (>= 50) for HPKE (RFC 9180) with X-Wing (ML-KEM-768 + X25519) and
DHKEM(X25519, HKDF-SHA256); everything Envelope-specific (layout, key id, info, padding,
validation order) is implemented here from the specification page.

    envelope_v1.py open  --secret KEY.b64 --in ENV.bin --out REC.json [--meta-out META.json]
    envelope_v1.py seal  --config CFG.json --record REC.json --out ENV.bin
                         --submission-id UUID --created-at RFC3339 [--schema N]
    envelope_v1.py check-config --config CFG.json

Exit status 0 on success; on a rejected envelope, status 1 and "error: <code>: <detail>" on stderr
(codes as in docs/envelope.md, e.g. envelope.decrypt).
"""

import argparse
import base64
import calendar
import hashlib
import json
import re
import struct
import sys

from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519

VERSION = 1
INFO_PREFIX = b"pre-departure envelope v1\x00"
KDF_HKDF_SHA256 = 0x0001
AEAD_CHACHA20POLY1305 = 0x0003
KEM_XWING = 0x647A
KEM_X25519 = 0x0020
N_ENC = {KEM_XWING: 1120, KEM_X25519: 32}
N_PK = {KEM_XWING: 1216, KEM_X25519: 32}
FIXED = 17
MAX_META = 1024
PAD = 4096
TAG = 16
MAX_RECORD = 32 * 1024
MAX_CT = ((MAX_RECORD + 4 + PAD - 1) // PAD) * PAD + TAG

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
TS_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$")


class EnvelopeError(Exception):
    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}")
        self.code = code


def hpke_suite(kem):
    k = {KEM_XWING: hpke.KEM.MLKEM768_X25519, KEM_X25519: hpke.KEM.X25519}[kem]
    return hpke.Suite(k, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


def key_id(kem, kdf, aead, pk):
    return hashlib.sha256(struct.pack(">HHH", kem, kdf, aead) + pk).digest()[:8]


def private_key(kem, secret):
    """Returns (HPKE private key object, serialized public key)."""
    if len(secret) != 32:
        raise EnvelopeError("envelope.bad_key", "secret must be 32 bytes")
    if kem == KEM_XWING:
        # X-Wing: expand the 32-byte seed with SHAKE256 to 96 bytes:
        # ML-KEM-768 seed (d || z) = bytes 0..64, X25519 private key = bytes 64..96.
        expanded = hashlib.shake_256(secret).digest(96)
        m = mlkem.MLKEM768PrivateKey.from_seed_bytes(expanded[:64])
        x = x25519.X25519PrivateKey.from_private_bytes(expanded[64:96])
        pk = m.public_key().public_bytes_raw() + x.public_key().public_bytes_raw()
        return hpke.MLKEM768X25519PrivateKey(m, x), pk
    x = x25519.X25519PrivateKey.from_private_bytes(secret)
    return x, x.public_key().public_bytes_raw()


def public_key(kem, pk):
    if kem == KEM_XWING:
        m = mlkem.MLKEM768PublicKey.from_public_bytes(pk[:1184])
        x = x25519.X25519PublicKey.from_public_bytes(pk[1184:])
        return hpke.MLKEM768X25519PublicKey(m, x)
    return x25519.X25519PublicKey.from_public_bytes(pk)


def check_suite(kem, kdf, aead):
    if kem not in N_ENC or kdf != KDF_HKDF_SHA256 or aead != AEAD_CHACHA20POLY1305:
        raise EnvelopeError("envelope.unknown_suite", f"{kem:#06x}/{kdf:#06x}/{aead:#06x}")


def load_config(cfg):
    kem, kdf, aead = cfg["kem"], cfg["kdf"], cfg["aead"]
    check_suite(kem, kdf, aead)
    try:
        pk = base64.b64decode(cfg["publicKey"], validate=True)
    except Exception as e:  # noqa: BLE001
        raise EnvelopeError("envelope.bad_key", f"publicKey: {e}") from e
    if len(pk) != N_PK[kem]:
        raise EnvelopeError("envelope.bad_key", f"public key length {len(pk)}")
    if cfg["kid"] != key_id(kem, kdf, aead, pk).hex():
        raise EnvelopeError("envelope.bad_key", "kid does not match the public key")
    return kem, pk


def check_meta(raw):
    if len(raw) > MAX_META:
        raise EnvelopeError("envelope.meta", "too long")

    def no_dupes(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise EnvelopeError("envelope.meta", "duplicate member")
        return dict(pairs)

    try:
        meta = json.loads(raw.decode("utf-8"), object_pairs_hook=no_dupes)
    except EnvelopeError:
        raise
    except Exception as e:  # noqa: BLE001
        raise EnvelopeError("envelope.meta", f"not JSON: {e}") from e
    if not isinstance(meta, dict):
        raise EnvelopeError("envelope.meta", "not an object")
    sid, ts, schema = meta.get("submissionId"), meta.get("createdAt"), meta.get("schema")
    if not isinstance(sid, str) or not UUID_RE.match(sid):
        raise EnvelopeError("envelope.meta", "submissionId")
    m = TS_RE.match(ts) if isinstance(ts, str) else None
    if not m:
        raise EnvelopeError("envelope.meta", "createdAt")
    y, mo, d, h, mi, s = (int(g) for g in m.groups()[:6])
    if not (1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1] and h < 24 and mi < 60 and s < 60):
        raise EnvelopeError("envelope.meta", "createdAt out of range")
    if isinstance(schema, bool) or not isinstance(schema, int) or not 0 <= schema <= 0xFFFFFFFF:
        raise EnvelopeError("envelope.meta", "schema")
    if "replaces" in meta:
        r = meta["replaces"]
        if not isinstance(r, str) or not UUID_RE.match(r) or r == sid:
            raise EnvelopeError("envelope.meta", "replaces")
    return meta


def parse(env):
    """Structure checks in the documented order; returns (fields, header, enc, ct)."""
    if len(env) < 1:
        raise EnvelopeError("envelope.truncated")
    if env[0] != VERSION:
        raise EnvelopeError("envelope.version", str(env[0]))
    if len(env) < FIXED:
        raise EnvelopeError("envelope.truncated")
    kid = env[1:9]
    kem, kdf, aead, meta_len = struct.unpack(">HHHH", env[9:17])
    check_suite(kem, kdf, aead)
    if meta_len > MAX_META:
        raise EnvelopeError("envelope.meta", "meta_len")
    header_len = FIXED + meta_len
    if len(env) < header_len:
        raise EnvelopeError("envelope.truncated")
    meta = check_meta(env[FIXED:header_len])
    enc_end = header_len + N_ENC[kem]
    if len(env) < enc_end:
        raise EnvelopeError("envelope.truncated")
    ct = env[enc_end:]
    if len(ct) < PAD + TAG:
        raise EnvelopeError("envelope.truncated")
    if (len(ct) - TAG) % PAD != 0 or len(ct) > MAX_CT:
        raise EnvelopeError("envelope.ciphertext_length", str(len(ct)))
    return {"kid": kid, "kem": kem, "meta": meta}, env[:header_len], env[header_len:enc_end], ct


def open_envelope(secret, env):
    fields, header, enc, ct = parse(env)
    kem = fields["kem"]
    sk, pk = private_key(kem, secret)
    if key_id(kem, KDF_HKDF_SHA256, AEAD_CHACHA20POLY1305, pk) != fields["kid"]:
        raise EnvelopeError("envelope.key_id_mismatch")
    try:
        pt = hpke_suite(kem).decrypt(enc + ct, sk, info=INFO_PREFIX + header)
    except Exception as e:  # noqa: BLE001
        raise EnvelopeError("envelope.decrypt", type(e).__name__) from e
    (n,) = struct.unpack(">I", pt[:4])
    if 4 + n > len(pt) or ((4 + n + PAD - 1) // PAD) * PAD != len(pt) or any(pt[4 + n:]):
        raise EnvelopeError("envelope.padding")
    if n > MAX_RECORD:
        raise EnvelopeError("envelope.record_too_large", str(n))
    record = pt[4:4 + n]
    try:
        json.loads(record.decode("utf-8"))
    except Exception as e:  # noqa: BLE001
        raise EnvelopeError("envelope.record", str(e)) from e
    return fields["meta"], record


def seal_envelope(cfg, meta, record):
    kem, pk = load_config(cfg)
    meta_json = json.dumps(meta, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    check_meta(meta_json)
    if len(record) > MAX_RECORD:
        raise EnvelopeError("envelope.record_too_large", str(len(record)))
    json.loads(record.decode("utf-8"))
    header = (
        bytes([VERSION])
        + key_id(kem, KDF_HKDF_SHA256, AEAD_CHACHA20POLY1305, pk)
        + struct.pack(">HHHH", kem, KDF_HKDF_SHA256, AEAD_CHACHA20POLY1305, len(meta_json))
        + meta_json
    )
    total = ((4 + len(record) + PAD - 1) // PAD) * PAD
    pt = struct.pack(">I", len(record)) + record
    pt += bytes(total - len(pt))
    enc_ct = hpke_suite(kem).encrypt(pt, public_key(kem, pk), info=INFO_PREFIX + header)
    return header + enc_ct


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    o = sub.add_parser("open")
    o.add_argument("--secret", required=True)
    o.add_argument("--in", dest="inp", required=True)
    o.add_argument("--out", required=True)
    o.add_argument("--meta-out")
    s = sub.add_parser("seal")
    s.add_argument("--config", required=True)
    s.add_argument("--record", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--submission-id", required=True)
    s.add_argument("--created-at", required=True)
    s.add_argument("--schema", type=int, default=1)
    c = sub.add_parser("check-config")
    c.add_argument("--config", required=True)
    a = ap.parse_args()
    try:
        if a.cmd == "open":
            with open(a.secret, "rb") as f:
                secret = base64.b64decode(f.read().strip(), validate=True)
            with open(a.inp, "rb") as f:
                meta, record = open_envelope(secret, f.read())
            with open(a.out, "wb") as f:
                f.write(record)
            if a.meta_out:
                with open(a.meta_out, "w", encoding="utf-8") as f:
                    json.dump(meta, f)
        elif a.cmd == "seal":
            with open(a.config, "rb") as f:
                cfg = json.load(f)
            with open(a.record, "rb") as f:
                record = f.read()
            meta = {"submissionId": a.submission_id, "createdAt": a.created_at, "schema": a.schema}
            with open(a.out, "wb") as f:
                f.write(seal_envelope(cfg, meta, record))
        else:
            with open(a.config, "rb") as f:
                load_config(json.load(f))
    except EnvelopeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
