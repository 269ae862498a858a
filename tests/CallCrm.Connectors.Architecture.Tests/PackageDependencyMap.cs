namespace CallCrm.Connectors.Architecture.Tests;

/// <summary>The allowed dependencies between the packages under <c>src/</c>, written out in one place: a package may reference the
/// packages listed for it and nothing else of ours. A new package, or a new edge, is a decision made here, in review.</summary>
internal static class PackageDependencyMap
{
    private const string Abstractions = "CallCrm.Connectors.Abstractions";
    private const string Core = "CallCrm.Connectors.Core";
    private const string Sync = "CallCrm.Connectors.Sync";
    private const string Http = "CallCrm.Connectors.Http";
    private const string Security = "CallCrm.Connectors.Security";

    /// <summary>Gets, per package, the packages of ours it may reference directly.</summary>
    public static IReadOnlyDictionary<string, string[]> Allowed { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // The contracts: providers can depend on this alone.
        [Abstractions] = [],

        // Normalizers, contract serialization: the only home of libphonenumber.
        [Core] = [Abstractions],

        // The engine.
        [Sync] = [Abstractions, Core],

        // Vendor HTTP clients: no Core, so no libphonenumber in an HTTP provider that does not normalize numbers.
        [Http] = [Abstractions],

        // Access, audit, redaction, generic HMAC signatures (Core for phone masking).
        [Security] = [Abstractions, Core],

        // State stores: each stands alone, so a host ships only the one it uses.
        ["CallCrm.Connectors.Storage.Sqlite"] = [Abstractions],
        ["CallCrm.Connectors.Storage.PostgreSql"] = [Abstractions],

        // Features.
        ["CallCrm.Connectors.ScreenPop"] = [Abstractions, Core, Security],

        // The generic host: no store and no feature package (they extend ICallCrmConnectorsBuilder from their own assemblies).
        ["CallCrm.Connectors.Hosting"] = [Abstractions, Core, Sync, Security],

        // The provider conformance kit.
        ["CallCrm.Connectors.Testing"] = [Abstractions, Core],

        // Providers: what they need of the generic packages, never another provider or the host.
        ["CallCrm.Connectors.Twilio"] = [Abstractions, Core, Http, Security],
        ["CallCrm.Connectors.HubSpot"] = [Abstractions, Core, Http, Security],
        ["CallCrm.Connectors.Webhooks"] = [Abstractions, Core, Http, Security],

        // ASP.NET Core endpoints of a provider: the provider, and the host whose streams they push into.
        ["CallCrm.Connectors.Twilio.AspNetCore"] = [Abstractions, Core, Sync, Security, "CallCrm.Connectors.Twilio", "CallCrm.Connectors.Hosting"],
    };

    /// <summary>Gets the vendor-specific NuGet packages and the one package of ours allowed to reference each.</summary>
    public static IReadOnlyDictionary<string, string> ExclusiveThirdPartyPackages { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["libphonenumber-csharp"] = Core,
        ["Microsoft.Data.Sqlite"] = "CallCrm.Connectors.Storage.Sqlite",
        ["Npgsql"] = "CallCrm.Connectors.Storage.PostgreSql",
    };

    /// <summary>Gets the vendors that have a provider package, whose names must not appear in the generic packages' file names or
    /// vendor header literals.</summary>
    public static IReadOnlyList<string> Vendors { get; } = ["Twilio", "HubSpot"];

    /// <summary>Gets the packages that must know no vendor.</summary>
    public static IReadOnlyList<string> GenericPackages { get; } =
    [
        Abstractions, Core, Sync, Http, Security, "CallCrm.Connectors.Storage.Sqlite", "CallCrm.Connectors.Storage.PostgreSql",
        "CallCrm.Connectors.ScreenPop", "CallCrm.Connectors.Hosting", "CallCrm.Connectors.Testing",
    ];
}
