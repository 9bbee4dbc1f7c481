#!/usr/bin/env bash
# Load test of the real service binary with wrk, at and beyond saturation.
#
#   cargo build --release && benches/load-wrk.sh       # wrk: apt-get install wrk
#
# Starts `resume-parser serve` on its embedded defaults (SQLite in a temporary
# directory, default parse workers and queue), then posts a 2-page PDF to
# POST /v1/candidates (each request with its own e-mail, so every 201 is a
# new stored candidate) in three phases of LOAD_SECS (default 60) seconds:
#
#   1. saturation: 2 connections per core (every parse worker busy, a few
#      waiting) — every answer must be 201;
#   2. beyond:     LOAD_OVER connections (default 96: more than the workers
#      plus the default queue of 16 per worker) — every answer must be 201,
#      or 429/503 with Retry-After;
#   3. saturation again — the service must be back to all-201s.
#
# While it runs, the resident memory of the server and its extraction worker
# processes is sampled every second. Fails (exit 1) on any other status, a
# refusal without Retry-After, a socket error or timeout, or memory at the end
# of phase 3 more than 25% (and 20 MB) above the end of phase 1.
#
# Environment: BIN (default target/release/resume-parser), LOAD_SECS,
# LOAD_OVER, LOAD_FILE (document), LOAD_PORT (default 18181), DATABASE_URL
# (default: a fresh SQLite file).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-target/release/resume-parser}
SECS=${LOAD_SECS:-60}
OVER=${LOAD_OVER:-96}
PORT=${LOAD_PORT:-18181}
export LOAD_FILE=${LOAD_FILE:-fixtures/corpus/dotin-1.lo.pdf}
export LOAD_PATH=/v1/candidates
CORES=$(nproc)
SAT=$((2 * CORES))

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "$BIN not found: cargo build --release first" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'kill "$SERVER" "$SAMPLER" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
export DATABASE_URL=${DATABASE_URL:-sqlite://$WORK/load.db}
export RESUME_PARSER_LOG=${RESUME_PARSER_LOG:-warn}

"$BIN" serve --bind "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null || { cat "$WORK/server.log"; exit 1; }

# RSS in kB of the server and all its descendants (the extraction workers).
rss_tree() {
    local pids=("$1") total=0 p kids
    while [ ${#pids[@]} -gt 0 ]; do
        p=${pids[0]}
        pids=("${pids[@]:1}")
        total=$((total + $(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)))
        kids=$(cat /proc/"$p"/task/*/children 2>/dev/null || true)
        for k in $kids; do pids+=("$k"); done
    done
    echo "$total"
}
(
    t=0
    while kill -0 "$SERVER" 2>/dev/null; do
        echo "$t $(rss_tree "$SERVER")"
        sleep 1
        t=$((t + 1))
    done
) >"$WORK/rss.txt" &
SAMPLER=$!

fail=0
phase() {
    local name=$1 conns=$2 threads=$CORES out
    [ "$conns" -lt "$threads" ] && threads=$conns
    out=$(LOAD_RUN=$name wrk -t"$threads" -c"$conns" -d"${SECS}s" --timeout 30s -s benches/load.lua \
        "http://127.0.0.1:$PORT" | grep '^RESULT' | sed 's/^RESULT //')
    local rss
    rss=$(rss_tree "$SERVER")
    echo "$name (c=$conns, ${SECS}s): $out rss_kb=$rss"
    echo "$rss" >"$WORK/rss.$name"
    # Verdict on this phase.
    local statuses missing errs
    statuses=$(sed -n 's/.*statuses=\([^ ]*\).*/\1/p' <<<"$out")
    missing=$(sed -n 's/.*missing_retry_after=\([0-9]*\).*/\1/p' <<<"$out")
    errs=$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^(connect_errors|read_errors|write_errors|timeouts)=/) {split($i, a, "="); s += a[2]}} END {print s + 0}' <<<"$out")
    local allowed='^(201)$'
    [ "$name" = beyond ] && allowed='^(201|429|503)$'
    local bad=""
    IFS=, read -ra pairs <<<"$statuses"
    for kv in "${pairs[@]}"; do
        [[ ${kv%%=*} =~ $allowed ]] || bad="$bad ${kv}"
    done
    if [ -n "$bad" ] || [ "${missing:-0}" != 0 ] || [ "$errs" != 0 ]; then
        echo "  FAIL: unexpected statuses [${bad# }], refusals without Retry-After $missing, socket errors $errs"
        fail=1
    fi
}

echo "== resume-parser load test: $CORES cores, $(basename "$LOAD_FILE"), POST $LOAD_PATH, server rss at start $(rss_tree "$SERVER") kB"
phase saturation "$SAT"
phase beyond "$OVER"
phase recovery "$SAT"

a=$(cat "$WORK/rss.saturation")
b=$(cat "$WORK/rss.recovery")
peak=$(awk 'BEGIN {m = 0} {if ($2 > m) m = $2} END {print m}' "$WORK/rss.txt")
echo "memory (server + workers): end of saturation ${a} kB, end of recovery ${b} kB, peak ${peak} kB"
if [ "$b" -gt $((a + a / 4)) ] && [ "$b" -gt $((a + 20480)) ]; then
    echo "  FAIL: memory grew by more than 25% and 20 MB between the saturation phases"
    fail=1
fi
stored=$(curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -E '^resume_parser_parses_total' | awk '{s += $2} END {print s + 0}' || true)
echo "parses counted by /metrics: ${stored:-?}"
if grep -qiE 'panicked|thread .* panicked' "$WORK/server.log"; then
    echo "  FAIL: the server log has a panic"
    fail=1
fi
[ "$fail" = 0 ] && echo "PASS" || echo "FAILED"
exit "$fail"
