using System.Text.RegularExpressions;

namespace CallCrm.Connectors.Architecture.Tests;

/// <summary>The package map the README promises, checked against the project files (<see cref="PackageDependencyMap"/>).</summary>
public sealed class PackageBoundaryTests
{
    private static readonly IReadOnlyDictionary<string, SourcePackage> Packages = SourcePackage.ReadAll();

    public static IEnumerable<string> PackageNames() => SourcePackage.ReadAll().Keys.Order(StringComparer.Ordinal);

    [Test]
    public void ReadAll_SourceFolder_FindsThePackages()
    {
        // Guards every other test here against passing on an empty or misread folder.
        Packages.Should().ContainKeys("CallCrm.Connectors.Abstractions", "CallCrm.Connectors.Hosting", "CallCrm.Connectors.HubSpot");
        Packages["CallCrm.Connectors.Core"].ProjectReferences.Should().Equal("CallCrm.Connectors.Abstractions");
    }

    [Test]
    public void Allowed_EveryEntry_IsAPackageThatExists()
    {
        PackageDependencyMap.Allowed.Keys.Should().BeEquivalentTo(Packages.Keys, "the map names exactly the packages under src/");
        PackageDependencyMap.GenericPackages.Concat(PackageDependencyMap.ExclusiveThirdPartyPackages.Values).Should().OnlyContain(p => Packages.ContainsKey(p));
    }

    [TestCaseSource(nameof(PackageNames))]
    public void ProjectReferences_EveryPackage_AreOnTheAllowedMap(string package)
    {
        PackageDependencyMap.Allowed.Should().ContainKey(package, "every package's dependencies are a decision: add it to PackageDependencyMap");

        var breaches = Packages[package].ProjectReferences.Except(PackageDependencyMap.Allowed[package], StringComparer.Ordinal).ToList();

        breaches.Should().BeEmpty($"{package} may reference only {Describe(PackageDependencyMap.Allowed[package])}");
    }

    [TestCaseSource(nameof(PackageNames))]
    public void ExclusivePackages_EveryPackage_ReferencesOnlyItsOwn(string package)
    {
        var breaches = Packages[package].PackageReferences
            .Where(reference => PackageDependencyMap.ExclusiveThirdPartyPackages.TryGetValue(reference, out var owner) && owner != package)
            .ToList();

        breaches.Should().BeEmpty($"{package} must not reference what belongs to another package ({Describe(breaches.Select(b => $"{b} is {PackageDependencyMap.ExclusiveThirdPartyPackages[b]}'s"))})");
    }

    [TestCase("CallCrm.Connectors.Hosting", "CallCrm.Connectors.Storage.Sqlite")]
    [TestCase("CallCrm.Connectors.Hosting", "CallCrm.Connectors.Storage.PostgreSql")]
    [TestCase("CallCrm.Connectors.Hosting", "CallCrm.Connectors.ScreenPop")]
    [TestCase("CallCrm.Connectors.Http", "CallCrm.Connectors.Core")]
    [TestCase("CallCrm.Connectors.Abstractions", "CallCrm.Connectors.Core")]
    [TestCase("CallCrm.Connectors.Storage.PostgreSql", "CallCrm.Connectors.Storage.Sqlite")]
    public void Closure_PackageThatMustStaySmall_DoesNotReachTheOther(string package, string unreachable)
    {
        // Transitively too: a PostgreSQL host must not ship SQLite's native library, nor an HTTP provider libphonenumber.
        SourcePackage.Closure(package, Packages).Should().NotContain(unreachable);
    }

    [TestCaseSource(nameof(GenericPackageNames))]
    public void SourceFiles_GenericPackage_NameNoVendor(string package)
    {
        var vendorFiles = Directory.EnumerateFiles(Packages[package].Directory, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(file))
            .Select(Path.GetFileName)
            .Where(name => PackageDependencyMap.Vendors.Any(vendor => name!.Contains(vendor, StringComparison.OrdinalIgnoreCase)))
            .ToList();

        vendorFiles.Should().BeEmpty($"{package} is generic: a vendor's types live in the vendor's provider package");
    }

    [TestCaseSource(nameof(GenericPackageNames))]
    public void SourceFiles_GenericPackage_ReadNoVendorHeader(string package)
    {
        var vendorHeader = new Regex("\"X-(" + string.Join('|', PackageDependencyMap.Vendors) + ")-", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var hits = Directory.EnumerateFiles(Packages[package].Directory, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(file) && vendorHeader.IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(RepositoryRoot.Path, file))
            .ToList();

        hits.Should().BeEmpty($"{package} is generic: a vendor's headers are read by its provider through the HTTP client's hooks");
    }

    public static IEnumerable<string> GenericPackageNames() => PackageDependencyMap.GenericPackages;

    private static bool IsBuildOutput(string file) =>
        file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string Describe(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "nothing of ours";
}
