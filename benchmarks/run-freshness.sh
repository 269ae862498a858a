#!/usr/bin/env bash
# Freshness, push and poll side by side: from a call's end in the vendor simulator (its own process) to the call's activity
# in the simulated HubSpot. Push: Twilio status callbacks to app.MapTwilioStatusCallbacks in the harness, ingested at once.
# Poll: the hosted service's scheduled pull runs.
#   PUSH_CALLS             calls ended for the push side (default 150)
#   POLL_CALLS             calls ended for the poll side (default 60)
#   RATE                   calls ended per second (default 5)
#   POLL_INTERVAL_SECONDS  the stream's PollInterval on the poll side (default 10; the SDK default is 30)
#   BATCH_DELAY_MS         the stream's MaxBatchDelay (default 50; the SDK default is 2000, which bounds push freshness from below)
#   DUPLICATE_RATE, REORDER_RATE  share of callbacks the simulator sends twice / out of order (default 0.1 each)
# Prints a table and writes benchmarks/results/freshness.json. Exit code 1 if a call was not delivered.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$root/benchmarks/CallCrm.Connectors.Freshness"
dotnet build "$project" -c Release --nologo -v quiet >/dev/null
exec dotnet "$project/bin/Release/net10.0/CallCrm.Connectors.Freshness.dll" \
  --push-calls "${PUSH_CALLS:-150}" \
  --poll-calls "${POLL_CALLS:-60}" \
  --rate "${RATE:-5}" \
  --poll-interval-seconds "${POLL_INTERVAL_SECONDS:-10}" \
  --batch-delay-ms "${BATCH_DELAY_MS:-50}" \
  --duplicate-rate "${DUPLICATE_RATE:-0.1}" \
  --reorder-rate "${REORDER_RATE:-0.1}" \
  --output "$root/benchmarks/results/freshness.json"
