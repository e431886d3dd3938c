#!/usr/bin/env bash
# Interop: a PhotoID and an EU PID issued and presented by this crate's `mdoc` command must
# verify in @auth0/mdl and @owf/mdoc (versions pinned in package.json / package-lock.json).
#
#   interop/npm/run.sh              builds the mdoc binary (cargo, feature cli)
#   MDOC=path/to/mdoc interop/npm/run.sh   uses a prebuilt one
#
# Prints one line per library and doctype: "valid" or the library's failed checks.
# Exit 0 when everything verified, 1 when a verification failed, 2 on a setup error.
# When `npm ci` cannot reach the registry it prints "SKIPPED: npm registry unreachable"
# and exits 0 (CI may run without network).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

command -v node > /dev/null && command -v npm > /dev/null \
  || { echo "interop: node and npm are needed"; exit 2; }

echo "== npm ci (@auth0/mdl, @owf/mdoc at the versions of package-lock.json)"
# --ignore-scripts: cbor-extract's optional native build is not needed (cbor-x falls back to JS).
if ! (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
  --fetch-retries=1 --fetch-timeout=20000 > "${TMPDIR:-/tmp}/interop-npm-ci.log" 2>&1); then
  if grep -Eq 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network|socket hang up' \
    "${TMPDIR:-/tmp}/interop-npm-ci.log"; then
    echo "SKIPPED: npm registry unreachable"
    exit 0
  fi
  cat "${TMPDIR:-/tmp}/interop-npm-ci.log"
  echo "interop: npm ci failed"
  exit 2
fi

if [ -z "${MDOC:-}" ]; then
  echo "== cargo build --features cli --bin mdoc"
  (cd "$root" && cargo build --quiet --features cli --bin mdoc)
  target=$(cd "$root" && cargo metadata --format-version 1 --no-deps \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
  MDOC="$target/debug/mdoc"
fi
[ -x "$MDOC" ] || { echo "interop: no mdoc binary at $MDOC"; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# OpenID4VP 1.0 SessionTranscript [null, null, ["OpenID4VPHandover", hash]], the one the
# mDL fixtures of these two libraries were made with.
transcript="$root/test-vectors/interop/auth0-mdl/transcript.cbor"

echo "== mdoc certs, issue, present ($("$MDOC" --version))"
"$MDOC" certs --out "$work/pki" > /dev/null
portrait=$(base64 -w0 "$here/portrait.jpg")
status=0
for spec in "org.iso.23220.photoid.1 photoid" "eu.europa.ec.eudi.pid.1 pid"; do
  read -r doctype name <<< "$spec"
  sed "s|@PORTRAIT@|$portrait|" "$here/claims/$name.json" > "$work/$name.claims.json"
  if ! "$MDOC" issue --doctype "$doctype" --claims "$work/$name.claims.json" \
    --ds-key "$work/pki/ds.key.pem" --ds-cert "$work/pki/ds.pem" \
    --device-key "$work/pki/device.pub.pem" --out "$work/$name.issuer_signed.cbor" > /dev/null; then
    echo "mdoc issue of $doctype failed"
    status=1
    continue
  fi
  # Disclose every issued element.
  elements=$(node "$here/elements.mjs" "$work/$name.claims.json")
  "$MDOC" present --issuer-signed "$work/$name.issuer_signed.cbor" \
    --device-key "$work/pki/device.key.pem" --elements "$elements" \
    --transcript "$transcript" --out "$work/$name.response.cbor" > /dev/null
  for lib in auth0 owf; do
    node "$here/verify-$lib.mjs" --response "$work/$name.response.cbor" \
      --transcript "$transcript" --trust "$work/pki/iaca.pem" \
      --doctype "$doctype" --claims "$work/$name.claims.json" || status=1
  done
done
[ -z "${INTEROP_KEEP:-}" ] || { mkdir -p "$INTEROP_KEEP" && cp -r "$work"/. "$INTEROP_KEEP"/; }
if [ "$status" -ne 0 ]; then
  echo "interop: a verification failed"
  exit 1
fi
echo "interop: all valid"
