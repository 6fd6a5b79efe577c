#!/usr/bin/env bash
# Runs one fuzz target: bash fuzz/run.sh TARGET [SECONDS] (default 600).
# Targets: query, analysis, dates, document. The working corpus (fuzz/corpus/TARGET, not
# committed) starts from fuzz/seeds/TARGET and, for text targets, the bundled documents.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP lets it pass its -Z flags to
# the stable toolchain. Crashes land in fuzz/artifacts/TARGET.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh query|analysis|dates|document [SECONDS]}
seconds=${2:-600}
mkdir -p "corpus/$target"
if [ "$target" = analysis ] || [ "$target" = document ]; then
  cp -n ../corpus/*.txt "corpus/$target/" 2>/dev/null || true
fi
RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none "$target" "corpus/$target" "seeds/$target" -- \
  -max_total_time="$seconds" -max_len=65536 -timeout=30 -print_final_stats=1
