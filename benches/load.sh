#!/usr/bin/env bash
# Load benchmark of the JSON API (not a CI test): wrk against `seisaku serve` on loopback.
#
#   bash benches/load.sh                      # bundled corpus, 20 s, 64 connections
#   CORPUS=../shared/corpus/ict-white-paper EXCLUDE=urls/ bash benches/load.sh
#   DURATION=60s CONNECTIONS=128 bash benches/load.sh
#
# It runs wrk twice against the same server: first on /health (no search work: the baseline of
# the HTTP stack on this machine, measured in this run), then on a mix of the seed queries over
# /api/search, /api/trend, /api/kwic and /api/facets. It prints requests/s, p50/p99 latency and
# errors for both, and the mix's throughput as a ratio of the baseline's. Needs wrk
# (`apt-get install wrk`).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-7787}
CORPUS=${CORPUS:-corpus}
EXCLUDE=${EXCLUDE:-}

command -v wrk >/dev/null || { echo "load.sh: wrk is needed (apt-get install wrk)" >&2; exit 1; }
cargo build --release --quiet
bin=target/release/seisaku
scratch=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT

index_args=(--corpus "$CORPUS" --index "$scratch/index")
"$bin" "${index_args[@]}" index --full ${EXCLUDE:+--exclude "$EXCLUDE"} | tail -n 3
RUST_LOG=warn "$bin" "${index_args[@]}" serve --addr "127.0.0.1:$PORT" &
server=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.1
done

cat >"$scratch/report.lua" <<'LUA'
-- Prints one line: requests/s, p50 and p99 latency (ms), and every kind of error.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f req/s  p50 %.2f ms  p99 %.2f ms  requests %d  errors: connect %d read %d write %d status %d timeout %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.connect, e.read, e.write, e.status, e.timeout))
end
LUA

cat "$scratch/report.lua" >"$scratch/mix.lua"
cat >>"$scratch/mix.lua" <<'LUA'
local function enc(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local paths = {
  "/api/search?q=" .. enc("IoT-SSF"),
  "/api/search?q=" .. enc("ＩｏＴ－ＳＳＦ"),
  "/api/search?q=" .. enc("セキュリティガイドライン"),
  "/api/search?q=" .. enc("相互承認"),
  "/api/search?q=" .. enc("サイバー協議"),
  "/api/search?q=" .. enc("ITU-T SG17"),
  "/api/search?q=" .. enc("個人情報保護委員会"),
  "/api/search?q=" .. enc("IoT-SSF") .. "&ministry=" .. enc("外務省"),
  "/api/search?q=" .. enc("セキュリティ") .. "&offset=10",
  "/api/trend?q=" .. enc("セキュリティ") .. "&by=fy",
  "/api/kwic?q=" .. enc("IoT"),
  "/api/facets",
}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA

run() {
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" -s "$1" "http://127.0.0.1:$PORT$2" | grep '^RESULT' | sed 's/^RESULT //'
}
echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION each, corpus $CORPUS, $(nproc) cores"
baseline=$(run "$scratch/report.lua" /health)
echo "baseline /health:       $baseline"
mix=$(run "$scratch/mix.lua" /)
echo "seed-query mix:         $mix"
awk -v b="${baseline%% req/s*}" -v m="${mix%% req/s*}" 'BEGIN { printf "mix throughput / baseline: %.3f\n", m / b }'
