#!/usr/bin/env bash
# Packs every library under src/ and checks each package's metadata: id, version, description,
# licence expression, readme and tags (package validation runs during the pack), and that the conformance kit restores in a
# fresh NUnit test project. Fails with the first problem found.
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

# The conformance kit must restore in a test project as `dotnet new nunit` creates it (NUnit 4.3.2): a kit that asks for a
# newer NUnit fails that restore with NU1605 (package downgrade).
kit=$(ls "$out"/CallCrm.Connectors.Testing.[0-9]*.nupkg | grep -v '\.snupkg$' | head -n 1)
kit_version=$(basename "$kit" .nupkg)
kit_version=${kit_version#CallCrm.Connectors.Testing.}
mkdir "$out/consumer"
cat >"$out/consumer/nuget.config" <<XML
<configuration><packageSources><add key="packed" value="$out" /></packageSources></configuration>
XML
cat >"$out/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><TreatWarningsAsErrors>true</TreatWarningsAsErrors></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="NUnit" Version="4.3.2" />
    <PackageReference Include="CallCrm.Connectors.Testing" Version="$kit_version" />
  </ItemGroup>
</Project>
XML
if ! dotnet restore "$out/consumer/Consumer.csproj" --nologo -v quiet >"$out/consumer.log" 2>&1; then
  cat "$out/consumer.log" >&2
  echo "verify-packages: CallCrm.Connectors.Testing does not restore beside NUnit 4.3.2 (dotnet new nunit)" >&2
  exit 1
fi
echo "verify-packages: CallCrm.Connectors.Testing restores beside NUnit 4.3.2"
