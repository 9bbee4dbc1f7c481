#!/usr/bin/env bash
# Run each cargo-fuzz target in turn for FUZZ_SECS seconds (default 600), one
# at a time on one core. Not run in CI: see README.md, "Fuzzing".
#
#   fuzz/run.sh                 # every target: pdf docx text parse
#   FUZZ_SECS=60 fuzz/run.sh pdf parse
#
# Works on the stable toolchain: `-s none` (no sanitizer; ASan needs nightly).
# Needs `cargo install cargo-fuzz`. Corpora live in fuzz/corpus/<target>
# (git-ignored), seeded from fixtures/ on every run; findings go to
# fuzz/artifacts/<target>/ (crash-*, timeout-*, oom-*). Turn each into
# fixtures/hostile/fuzz/<target>-<hash>.<ext> + .expect.json (README.md).
#
# Settings (environment): FUZZ_SECS, FUZZ_TIMEOUT (seconds one input may take
# before it is reported as a hang; 30: the instrumented build is 3-4x slower
# than release, and fixtures/hostile/million-runs.docx, a seed, takes ~18 s in
# it), FUZZ_RSS_MB (2048), FUZZ_DEP_PANICS_DIR
# (keep inputs whose panic inside a dependency was contained, see
# fuzz_targets/common.rs), CARGO_TARGET_DIR (honoured by cargo).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
secs="${FUZZ_SECS:-600}"
timeout="${FUZZ_TIMEOUT:-30}"
rss="${FUZZ_RSS_MB:-2048}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pdf docx text parse)

# Seed fuzz/corpus/<target> with the repository's files of the matching kind.
seed() {
  local target="$1" dir="$here/corpus/$1" pattern
  mkdir -p "$dir"
  case "$target" in
    pdf) pattern='*.pdf' ;;
    docx) pattern='*.docx' ;;
    text) pattern='*.txt' ;;
    parse) pattern='*' ;;
    *) echo "unknown target: $target" >&2; exit 2 ;;
  esac
  find "$root/fixtures" -type f -name "$pattern" \
    ! -name '*.json' ! -name '*.py' ! -name '*.md' ! -name '*.tsv' ! -name 'LICENSE*' \
    -size -2M -print0 |
    while IFS= read -r -d '' f; do
      cp -n "$f" "$dir/seed-$(sha256sum "$f" | cut -c1-16)" 2>/dev/null || true
    done
}

cd "$here"
for t in "${targets[@]}"; do
  seed "$t"
  echo "== $t: ${secs}s, -timeout=${timeout}s, corpus $(ls "corpus/$t" | wc -l) files" >&2
  # -jobs=1: one fuzzing process (libFuzzer then logs to fuzz-0.log here);
  # a finding ends the run of that target, the next target still runs.
  status=0
  cargo fuzz run -s none "$t" "corpus/$t" -- \
    -jobs=1 -max_total_time="$secs" -timeout="$timeout" -rss_limit_mb="$rss" \
    -print_final_stats=1 || status=$?
  if [ -f fuzz-0.log ]; then
    mkdir -p artifacts
    mv -f fuzz-0.log "artifacts/$t.log"
    tail -n 25 "artifacts/$t.log" >&2
  fi
  echo "== $t: exit $status; findings: $(ls "artifacts/$t" 2>/dev/null | grep -cE '^(crash|timeout|oom|leak|slow-unit)-' || true)" >&2
done
