#!/usr/bin/env bash
# Packs every library under src/ and checks each package's metadata: id, version, description,
# licence expression, readme and tags. Fails with the first problem found.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if ! dotnet pack CallCrm.Connectors.sln -c Release -o "$out" -p:ContinuousIntegrationBuild=true --nologo -v quiet >"$out/pack.log" 2>&1; then
  grep -E "error|warn" "$out/pack.log" >&2 || cat "$out/pack.log" >&2
  echo "verify-packages: dotnet pack failed" >&2
  exit 1
fi
count=0
for csproj in src/*/*.csproj; do
  id=$(basename "$csproj" .csproj)
  nupkg=$(ls "$out/$id".[0-9]*.nupkg 2>/dev/null | head -n 1 || true)
  [ -n "$nupkg" ] || { echo "verify-packages: no package for $id" >&2; exit 1; }
  nuspec=$(unzip -p "$nupkg" "$id.nuspec")
  for element in id version description license readme tags; do
    grep -q "<$element[ >]" <<<"$nuspec" || { echo "verify-packages: $id has no <$element>" >&2; exit 1; }
  done
  listing=$(unzip -l "$nupkg")
  grep -q ' README.md$' <<<"$listing" || { echo "verify-packages: $id packs no README.md" >&2; exit 1; }
  count=$((count + 1))
done
echo "verify-packages: $count packages have id, version, description, licence, readme and tags"
