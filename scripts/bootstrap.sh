#!/usr/bin/env bash
# Installs what the tests need and is not a NuGet package, idempotently (skips what is already there):
#   - Stoplight Prism (npm, into the git-ignored .tools/prism) for the vendor contract tests; needs node and npm;
#   - Debian's Chromium for the screen-pop agent-panel browser tests; installed with apt-get when running as root;
#   - the PostgreSQL server binaries for the PostgreSQL state store's tests; installed with apt-get when running as root.
# What cannot be installed (no node, or not root) is named with the command that installs it, and the script exits 1
# after trying everything. Called by scripts/test.sh (the README's test command, which .ci/run runs); safe to run by hand.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p artifacts/packages

missing=()

# Stoplight Prism for the vendor contract tests (see scripts/prism.sh).
bash scripts/prism.sh || missing+=("Stoplight Prism: install Node.js 20 or newer with npm, then run: bash scripts/prism.sh")

# Debian's Chromium for the screen-pop agent-panel browser tests (tests/CallCrm.Connectors.ScreenPop.BrowserTests drive
# /usr/bin/chromium through Microsoft.Playwright; never `playwright install`).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
      || missing+=("Chromium: apt-get install chromium failed (see above)")
  else
    missing+=("Chromium (/usr/bin/chromium): run as root: apt-get install chromium")
  fi
fi

# PostgreSQL server binaries for the PostgreSQL state store's tests, which start a throwaway cluster of their own through
# scripts/postgres.sh (Debian's package; already there on most CI images).
bash scripts/postgres.sh install || missing+=("PostgreSQL server (initdb, pg_ctl): run as root: bash scripts/postgres.sh install (apt-get install postgresql)")

if [ "${#missing[@]}" -gt 0 ]; then
  echo "bootstrap.sh: missing, so the tests that need it will fail:" >&2
  for item in "${missing[@]}"; do
    echo "  - $item" >&2
  done
  exit 1
fi
echo "bootstrap.sh: Prism, Chromium and the PostgreSQL server are installed."
