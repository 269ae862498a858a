#!/usr/bin/env bash
# Installs what the tests need and is not a NuGet package, idempotently (skips what is already there).
# Called by .ci/run; safe to run by hand.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p artifacts/packages

# Stoplight Prism for the vendor contract tests (idempotent; see scripts/prism.sh).
bash scripts/prism.sh

# Debian's Chromium for the screen-pop agent-panel browser tests (tests/CallCrm.Connectors.ScreenPop.BrowserTests drive
# /usr/bin/chromium through Microsoft.Playwright; never `playwright install`). Needs root (CI runs as root).
command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# PostgreSQL server binaries for the PostgreSQL state store's tests, which start a throwaway cluster of their own through
# scripts/postgres.sh (Debian's package; already there on most CI images). Needs root when missing.
bash scripts/postgres.sh install
