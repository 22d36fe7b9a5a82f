#!/usr/bin/env bash
# Builds the seed corpora in fuzz/corpus/<target>/ from the shared fixtures (shared/fixtures/public), our own
# fixtures (tests/fixtures) and the inputs kept in tests/data/fuzz. Idempotent; the corpora themselves are not
# committed (libFuzzer adds to them while it runs; fuzz/cmin.sh minimises them into tests/data/fuzz).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
fixtures="${SSO_DOCTOR_FIXTURES:-}"
if [[ -z "$fixtures" ]]; then
  for candidate in "$repo/../shared/fixtures/public" /work/shared/fixtures/public; do
    if [[ -d "$candidate" ]]; then fixtures="$candidate"; break; fi
  done
fi
[[ -d "$fixtures" ]] || { echo "fixtures not found (set SSO_DOCTOR_FIXTURES)" >&2; exit 1; }
corpus="$here/corpus"
mkdir -p "$corpus"/{decode,xml_parse,x509,har,analyze,c14n,verify,share}

n=0
add() { # add TARGET FILE [PREFIX-BYTE]
  local target="$1" file="$2" dest
  n=$((n + 1))
  dest="$corpus/$target/seed-$(printf '%04d' "$n")"
  if [[ $# -ge 3 ]]; then { printf "$3"; cat "$file"; } >"$dest"; else cp "$file" "$dest"; fi
}

# Every data file of the shared corpus and of our fixtures: raw for the decoders and the whole pipeline.
while IFS= read -r -d '' f; do
  add decode "$f"; add analyze "$f"
  case "$f" in
    *.pem | *.crt | *.cer | *.der) add x509 "$f" ;;
  esac
done < <(find "$fixtures" "$repo/tests/fixtures" -type f ! -name '*.md' ! -name '*.py' ! -name '*.sh' \
  ! -name 'LICENSES.txt' ! -name '*.tsv' -size -200k -print0)

# Hand-made seeds of shapes the fixtures lack: Entra's auto-post page (an HTML document with the SAMLResponse form,
# made from tests/fixtures/entra/cases/expired/02-response.xml) and a DER certificate file (entra-signing.pem as DER).
for f in "$here"/seeds/*.html "$here"/seeds/*.der; do
  add decode "$f"; add analyze "$f"
  case "$f" in *.der) add x509 "$f" ;; esac
done

# XML documents (decoding base64 ones): parser, canonicalization, signatures.
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
while IFS= read -r -d '' f; do
  if head -c 200 "$f" | grep -q '<'; then
    xml="$f"
  elif base64 -d <"$f" >"$tmp/x" 2>/dev/null && head -c 200 "$tmp/x" | grep -q '<'; then
    xml="$tmp/x"
  else
    continue
  fi
  add xml_parse "$xml"; add c14n "$xml"
  if grep -q 'Signature' "$xml"; then add verify "$xml"; fi
  # Certificates inside the documents, as base64 text (what ds:X509Certificate holds).
  grep -o '<[a-zA-Z:]*X509Certificate>[^<]*' "$xml" | sed 's/^<[^>]*>//' | head -3 | while IFS= read -r b64; do
    printf '%s' "$b64" >"$tmp/c"; add x509 "$tmp/c"
  done || true
done < <(find "$fixtures" "$repo/tests/fixtures" -type f ! -name '*.md' ! -name '*.tsv' -size -200k -print0)

# HAR: whole captures (mode byte 0) and XML/URL texts inside the HAR skeleton (mode byte 1).
for f in "$repo"/tests/fixtures/har/*.har; do add har "$f" '\x00'; done
for f in "$repo"/tests/fixtures/har/*.xml; do add har "$f" '\x01'; done

# Share links: the JSON inside the links of the built-in examples and HAR fixtures (fuzz/seeds/share, written by
# `cargo test --lib write_share_fuzz_seeds -- --ignored`).
for f in "$here"/seeds/share/*.json; do add share "$f"; done

# The inputs kept in the repository: each target's minimised corpus (tests/data/fuzz/<target>/, see cmin.sh) goes
# back to that target, crash reproducers (tests/data/fuzz/crashes/) to every target.
kept="$repo/tests/data/fuzz"
for t in decode xml_parse x509 har analyze c14n verify share; do
  for f in "$kept/$t"/* "$kept"/crashes/*; do
    [[ -f "$f" ]] || continue
    add "$t" "$f"
  done
done
for t in "$corpus"/*; do printf '%-10s %5d seeds\n' "$(basename "$t")" "$(find "$t" -type f | wc -l)"; done
