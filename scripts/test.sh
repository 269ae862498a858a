#!/usr/bin/env bash
# The README's test command: installs what the tests need (scripts/bootstrap.sh, idempotent: it skips what is already
# there), then runs every test of the solution. Arguments go to `dotnet test` (for example a --filter or a --logger).
# .ci/run calls exactly this.
#   bash scripts/test.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! bash scripts/bootstrap.sh; then
  # What is missing was named above. The other tests still run: only the ones needing the missing tool fail, each with the
  # same message, so one run shows everything that is wrong.
  echo "test.sh: set-up is incomplete (see above); running the tests anyway." >&2
fi

exec dotnet test CallCrm.Connectors.sln "$@"
