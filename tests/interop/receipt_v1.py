#!/usr/bin/env python3
"""Independent verifier of signed intake receipts, written from docs/envelope.md ("Receipts")
only, with pyca/cryptography for Ed25519 (RFC 8032).

    receipt_v1.py verify --key-config receipt.pub.json|pins.json --receipt FILE

FILE holds the receipt's JSON or its compact text (PDR1/...). Exit status 0 and "genuine" on
stdout when the receipt is genuine; 1 and "not genuine: <code>: <detail>" otherwise.
"""

import argparse
import base64
import hashlib
import json
import re
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

SIGNING_PREFIX = b"pre-departure receipt v1\n"
KID_PREFIX = b"pre-departure receipt key v1\x00"
REFERENCE_PREFIX = b"pre-departure reference v1\x00"
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")
FIELDS = ("reference", "submissionId", "sha256", "receivedAt", "kid", "signature")


class NotGenuine(Exception):
    def __init__(self, code, detail):
        super().__init__(f"{code}: {detail}")


def b64url(text):
    """Strict base64url without padding: only the canonical encoding is accepted."""
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != text:
        raise ValueError("not the canonical encoding")
    return raw


def reference_of(submission_id):
    digest = hashlib.sha256(REFERENCE_PREFIX + submission_id.encode("ascii")).digest()
    value = int.from_bytes(digest[:8], "big") >> 14
    return "".join(CROCKFORD[(value >> (5 * (9 - i))) & 31] for i in range(10))


def load_key(path):
    with open(path, encoding="utf-8") as f:
        cfg = json.load(f)
    if "receiptPublicKey" in cfg:  # pins.json
        kid, pk_text = cfg["receiptKid"], cfg["receiptPublicKey"]
    else:
        if cfg.get("alg") != "Ed25519":
            raise SystemExit("key config: alg is not Ed25519")
        kid, pk_text = cfg["kid"], cfg["publicKey"]
    pk = b64url(pk_text)
    if len(pk) != 32:
        raise SystemExit("key config: publicKey is not 32 bytes")
    if hashlib.sha256(KID_PREFIX + pk).digest()[:8].hex() != kid:
        raise SystemExit("key config: kid does not match publicKey")
    return kid, Ed25519PublicKey.from_public_bytes(pk)


def parse(text):
    text = text.strip()
    if text.startswith("{"):
        try:
            obj = json.loads(text)
        except ValueError as e:
            raise NotGenuine("receipt.malformed", f"JSON: {e}")
        if not isinstance(obj, dict) or not all(isinstance(obj.get(k), str) for k in FIELDS):
            raise NotGenuine("receipt.malformed", "a member is missing or not a string")
        return {k: obj[k] for k in FIELDS}
    parts = text.split("/")
    if len(parts) != 7 or parts[0] != "PDR1":
        raise NotGenuine("receipt.malformed", "not JSON nor PDR1/ with 7 parts")
    return dict(zip(FIELDS, parts[1:]))


def verify(r, kid, key):
    if len(r["reference"]) != 10 or any(c not in CROCKFORD for c in r["reference"]):
        raise NotGenuine("receipt.malformed", "reference")
    if not UUID_RE.match(r["submissionId"]):
        raise NotGenuine("receipt.malformed", "submissionId")
    if not re.fullmatch(r"[0-9a-f]{64}", r["sha256"]):
        raise NotGenuine("receipt.malformed", "sha256")
    if not TIME_RE.match(r["receivedAt"]):
        raise NotGenuine("receipt.malformed", "receivedAt")
    if not re.fullmatch(r"[0-9a-f]{16}", r["kid"]):
        raise NotGenuine("receipt.malformed", "kid")
    try:
        sig = b64url(r["signature"])
    except ValueError as e:
        raise NotGenuine("receipt.malformed", f"signature: {e}")
    if len(sig) != 64:
        raise NotGenuine("receipt.malformed", "signature is not 64 bytes")
    if reference_of(r["submissionId"]) != r["reference"]:
        raise NotGenuine("receipt.reference_mismatch", "reference is not derived from submissionId")
    if r["kid"] != kid:
        raise NotGenuine("receipt.wrong_key", f"signed with key {r['kid']}, not {kid}")
    message = SIGNING_PREFIX + "\n".join(
        [r["reference"], r["submissionId"], r["sha256"], r["receivedAt"]]).encode("utf-8")
    try:
        key.verify(sig, message)
    except InvalidSignature:
        raise NotGenuine("receipt.bad_signature", "the signature does not match")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("verify")
    v.add_argument("--key-config", required=True)
    v.add_argument("--receipt", required=True)
    args = ap.parse_args()
    kid, key = load_key(args.key_config)
    with open(args.receipt, encoding="utf-8") as f:
        text = f.read()
    try:
        r = parse(text)
        verify(r, kid, key)
    except NotGenuine as e:
        print(f"not genuine: {e}")
        return 1
    print(f"genuine: reference {r['reference']} received {r['receivedAt']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
