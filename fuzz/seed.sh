#!/usr/bin/env bash
# Seeds every target's corpus with the test vectors (Annex D decoded from hex, interop
# fixtures as they are). Run from the repository root: bash fuzz/seed.sh
set -euo pipefail
targets=$(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v iso18013-fuzz)
for t in $targets; do
  mkdir -p "fuzz/corpus/$t"
  for f in test-vectors/iso18013-5-annex-d/*.hex; do
    xxd -r -p "$f" > "fuzz/corpus/$t/annex-d-$(basename "$f" .hex)"
  done
  for f in test-vectors/interop/*/*.cbor; do
    cp "$f" "fuzz/corpus/$t/interop-$(basename "$(dirname "$f")")-$(basename "$f")"
  done
done
