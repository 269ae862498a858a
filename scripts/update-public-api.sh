#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to the project's
# PublicAPI.Unshipped.txt, and drops entries the analyzer reports as gone (RS0017).
# Usage: scripts/update-public-api.sh src/CallCrm.Connectors.X [more projects...]
set -euo pipefail
for project in "$@"; do
  dir=${project%/}
  [ -d "$dir" ] || dir=$(dirname "$dir")
  unshipped="$dir/PublicAPI.Unshipped.txt"
  [ -f "$unshipped" ] || echo "#nullable enable" > "$unshipped"
  for _ in 1 2 3; do
    log=$(dotnet build "$dir" --no-incremental -p:TreatWarningsAsErrors=false 2>&1 || true)
    added=$(grep -oP "RS0016: Symbol '\K.*(?=' is not part of the declared public API)" <<<"$log" | sort -u || true)
    removed=$(grep -oP "RS0017: Symbol '\K.*(?=' is part of the declared API, but is either not public or could not be found)" <<<"$log" | sort -u || true)
    [ -z "$added" ] && [ -z "$removed" ] && break
    {
      echo "#nullable enable"
      { grep -v '^#nullable enable$' "$unshipped" || true; [ -n "$added" ] && echo "$added"; } \
        | grep -vxF -f <(printf '%s\n' "$removed" | sed '/^$/d') | sed '/^$/d' | LC_ALL=C sort -u
    } > "$unshipped.tmp"
    mv "$unshipped.tmp" "$unshipped"
  done
  echo "$unshipped: $(grep -vc '^#nullable' "$unshipped") symbols"
done
