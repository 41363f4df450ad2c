#!/usr/bin/env bash
# Manual interop round trip between the Rust example CLI and the independent Python
# implementation (the automated version is envelope/tests/interop.rs).
#   bash tests/interop/run.sh [xwing|x25519]
set -euo pipefail
kem="${1:-xwing}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
py="${ENVELOPE_INTEROP_PYTHON:-python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$root"
cargo build -q -p envelope --example envelope_tool
tool="$root/target/debug/examples/envelope_tool"
echo '{"surname":"ERIKSSON","givenNames":"ANNA MARIA"}' > "$tmp/rec.json"
"$tool" keygen --kem "$kem" --secret "$tmp/a.key" --config "$tmp/a.json"
"$py" tests/interop/envelope_v1.py check-config --config "$tmp/a.json"
"$tool" seal --config "$tmp/a.json" --record "$tmp/rec.json" --out "$tmp/rust.env"
"$py" tests/interop/envelope_v1.py open --secret "$tmp/a.key" --in "$tmp/rust.env" --out "$tmp/py-out.json"
cmp "$tmp/rec.json" "$tmp/py-out.json"
"$py" tests/interop/envelope_v1.py seal --config "$tmp/a.json" --record "$tmp/rec.json" --out "$tmp/py.env" \
  --submission-id "$(python3 -c 'import uuid; print(uuid.uuid4())')" --created-at 2025-11-26T17:29:00Z
"$tool" open --secret "$tmp/a.key" --in "$tmp/py.env" --out "$tmp/rust-out.json"
cmp "$tmp/rec.json" "$tmp/rust-out.json"
"$tool" header --in "$tmp/py.env"
echo "interop $kem: OK (Rust -> Python and Python -> Rust)"
