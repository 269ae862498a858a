#!/usr/bin/env bash
# Runs the load test with one command: the SDK (Twilio -> engine -> HubSpot, SQLite state) against the vendor
# simulator in its own process, then a naive one-request-per-call baseline on the same settings.
#   CALLS             calls to sync (default 50000)
#   BASELINE_SECONDS  baseline window in seconds (default 60)
#   FAULT_RATE        transient fault probability per vendor request, split equally between 500/503, dropped
#                     connections and lost responses (write applied, answer lost) (default 0.01)
#   LATENCY_MS        latency the simulator adds to every vendor request (default 0)
#   SEED              simulator seed (default 42)
# Prints a table and writes benchmarks/results/loadtest.json. Exit code 1 if a call was lost or duplicated.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$root/benchmarks/CallCrm.Connectors.LoadTest"
dotnet build "$project" -c Release --nologo -v quiet >/dev/null
exec dotnet "$project/bin/Release/net10.0/CallCrm.Connectors.LoadTest.dll" \
  --calls "${CALLS:-50000}" \
  --baseline-seconds "${BASELINE_SECONDS:-60}" \
  --fault-rate "${FAULT_RATE:-0.01}" \
  --latency-ms "${LATENCY_MS:-0}" \
  --seed "${SEED:-42}" \
  --output "$root/benchmarks/results/loadtest.json"
