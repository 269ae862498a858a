#!/usr/bin/env bash
# Installs Stoplight Prism (pinned in tools/prism/package.json + package-lock.json) into the git-ignored
# .tools/prism with `npm ci`, idempotently: nothing happens when the installed lock file matches the committed one.
# The vendor contract tests (tests/CallCrm.Connectors.VendorSimulator.Tests) run Prism from there.
# Usage: scripts/prism.sh [--force]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source_dir=tools/prism
target_dir=.tools/prism
prism_bin="$target_dir/node_modules/.bin/prism"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "prism.sh: node and npm are required (Node 20 or newer) to install Prism for the contract tests." >&2
  exit 1
fi

if [ "${1:-}" != "--force" ] && [ -x "$prism_bin" ] && cmp -s "$source_dir/package-lock.json" "$target_dir/package-lock.json"; then
  echo "prism.sh: Prism already installed in $target_dir ($("$prism_bin" --version 2>/dev/null || echo unknown))"
  exit 0
fi

mkdir -p "$target_dir"
cp "$source_dir/package.json" "$source_dir/package-lock.json" "$target_dir/"
# --ignore-scripts: Prism needs no install scripts; the only one in the tree is a telemetry ping.
# prism-cli 5.16.0 declares node >=24.18 but runs on Node 20 (verified): the engine warning is expected.
(cd "$target_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
echo "prism.sh: installed Prism $("$prism_bin" --version) in $target_dir"
