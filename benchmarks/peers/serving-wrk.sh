#!/usr/bin/env bash
# Load test of pdm serve on loopback with wrk (Debian package wrk), then in-process ScoreReading of the same model
# (ScoringOnlineBenchmarks) in the same run, so that the figures come from one machine at one time.
# Usage, from the repository root: bash benchmarks/peers/serving-wrk.sh [duration per load, default 30s] [connections, default 4]
set -euo pipefail
command -v wrk >/dev/null || { echo "serving-wrk.sh: wrk is not installed (Debian: apt-get install wrk)" >&2; exit 1; }
duration=${1:-30s}
connections=${2:-4}
port=${PORT:-5099}
store=$(mktemp -d "${TMPDIR:-/tmp}/pdm-serving-wrk-XXXXXX")
server=
cleanup() {
  if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$store"
}
trap cleanup EXIT

dotnet build -c Release -v q -nologo src/PredictiveMaintenance.Cli
dotnet build -c Release -v q -nologo benchmarks/PredictiveMaintenance.Benchmarks
dotnet run -c Release --no-build --project benchmarks/PredictiveMaintenance.Benchmarks -- --serving-registry "$store"
dotnet src/PredictiveMaintenance.Cli/bin/Release/net10.0/pdm.dll serve --tracking "$store/registry" \
  --model azure-iforest@production --port "$port" &
server=$!
for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/ping" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/health"; echo

cpu_ms() { awk -v tck="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / tck}' "/proc/$server/stat"; }
run=0
for readings in 1 100; do
  # A short run first warms the JIT and the assets' windows; its figures are not kept.
  run=$((run + 1))
  RUN=$run READINGS=$readings wrk -t"$connections" -c"$connections" -d5s -s benchmarks/peers/serving_wrk.lua \
    "http://127.0.0.1:$port/invocations" | grep '^RESULT' | sed 's/^RESULT/warm-up/'
  run=$((run + 1))
  before=$(cpu_ms)
  RUN=$run READINGS=$readings wrk -t"$connections" -c"$connections" -d"$duration" --latency -s benchmarks/peers/serving_wrk.lua \
    "http://127.0.0.1:$port/invocations" | tee "$store/wrk.txt"
  after=$(cpu_ms)
  requests=$(sed -n 's/^RESULT .*requests=\([0-9]*\) .*/\1/p' "$store/wrk.txt")
  echo "server CPU: $((after - before)) ms for $requests requests of $readings readings, $(((after - before) * 1000 / requests)) us per request"
done
kill "$server"; wait "$server" 2>/dev/null || true; server=

dotnet run -c Release --no-build --project benchmarks/PredictiveMaintenance.Benchmarks -- --filter '*ScoringOnlineBenchmarks*'
