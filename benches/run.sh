#!/usr/bin/env bash
# Runs every benchmark of the verification hot path and regenerates benches/README.md:
#   benches/verify.rs          (criterion; both backends)
#   benches/compare-isomdl/    (criterion; isomdl 0.2.0 and iso18013 on the same response)
#   benches/peak-memory/       (counting allocator; a 1 MiB response)
# The two tool crates are their own workspaces, built in target/bench-tools.
# Builds run under `nice` (BENCH_NICE, default 15) so that others' work on the machine
# keeps priority; set BENCH_NICE=0 on a machine of your own.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TERM_COLOR=never
export CRITERION_HOME="$root/target/criterion-report"
tools="$root/target/bench-tools"
nice_cmd=(nice -n "${BENCH_NICE:-15}")
# What report.py reads besides criterion's results; kept, so that the report can be
# written again from the same run (python3 benches/report.py "$CRITERION_HOME" ...).
out="$root/target/bench-report"
mkdir -p "$out"

rm -rf "$CRITERION_HOME"
load() { cut -d' ' -f1-3 /proc/loadavg; }
# Timings need the machine to themselves (verify_many wants both cores): wait, up to
# BENCH_WAIT seconds (default 900), for the 1-minute load average to fall below 0.5.
quiet() {
  local waited=0
  while awk '{exit !($1 >= 0.5)}' /proc/loadavg && [ "$waited" -lt "${BENCH_WAIT:-900}" ]; do
    sleep 15
    waited=$((waited + 15))
  done
  echo "load $(load) after waiting ${waited}s"
}

echo "== build"
"${nice_cmd[@]}" cargo bench --features aws-lc --bench verify --no-run
(cd benches/compare-isomdl && CARGO_TARGET_DIR="$tools" "${nice_cmd[@]}" cargo bench --no-run)
(cd benches/peak-memory && CARGO_TARGET_DIR="$tools" "${nice_cmd[@]}" cargo build --release)

quiet
load_before=$(load)
echo "== benches/verify.rs"
"${nice_cmd[@]}" cargo bench --features aws-lc --bench verify -- --noplot '^(verify|floor|parts|session|issue|status)/'
quiet
load_many=$(load)
"${nice_cmd[@]}" cargo bench --features aws-lc --bench verify -- --noplot '^verify_many/'
load_many_after=$(load)
quiet
echo "== benches/compare-isomdl"
(cd benches/compare-isomdl && CARGO_TARGET_DIR="$tools" "${nice_cmd[@]}" cargo bench -- --noplot)
echo "== benches/peak-memory"
"$tools/release/peak-memory" | tee "$out/memory.jsonl"

load_after=$(load)
python3 - "$out/machine.json" "$load_before" "$load_after" "$load_many -> $load_many_after" <<'PY'
import json, subprocess, sys, datetime, os
def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return "n/a"
cpu = "n/a"
for line in sh("lscpu").splitlines():
    if line.startswith("Model name:"):
        cpu = line.split(":", 1)[1].strip()
json.dump({
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "cpu": cpu,
    "cores": sh("nproc"),
    "rustc": sh("rustc", "-V"),
    "commit": sh("git", "rev-parse", "--short", "HEAD") + ("" if sh("git", "status", "--porcelain", "--", ".", ":!benches/README.md") == "" else " (with uncommitted changes)"),
    "load_before": sys.argv[2] + " (1, 5, 15 min)",
    "load_after": sys.argv[3],
    "load_around_verify_many": sys.argv[4],
}, open(sys.argv[1], "w"))
PY
python3 benches/report.py "$CRITERION_HOME" "$out/memory.jsonl" "$out/machine.json" > benches/README.md
echo "== wrote benches/README.md"
grep -A12 '^## Targets' benches/README.md
