#!/usr/bin/env bash
# Mutation testing of the Sync package's exactly-once code (settling, outbox, hashing, checkpoints) with Stryker.NET.
# The scope, the exclusions (ConfigureAwait, logging, metrics and tracing calls) and the 90% gate are in stryker-config.json;
# the tool version is pinned in .config/dotnet-tools.json. Reports (html, json, markdown) go to artifacts/mutation/.
# One test process at a time: the machine's cores are shared. Extra arguments go to Stryker, e.g. a narrower --mutate.
#   bash scripts/mutation.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null

# Run from the test project's folder: from the root Stryker would take the solution and mutate every project.
cd tests/CallCrm.Connectors.Sync.Tests
exec dotnet dotnet-stryker \
  --config-file "$root/stryker-config.json" \
  --concurrency 1 \
  --output "$root/artifacts/mutation" \
  --skip-version-check \
  "$@"
