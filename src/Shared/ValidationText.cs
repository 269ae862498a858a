using System;
using System.Globalization;
using System.Linq;
using System.Resources;

namespace CallCrm.Connectors;

/// <summary>The start-up validation messages of the package this file is compiled into, from its <c>ValidationMessages.resx</c>
/// and the translations beside it, in the current UI culture (zh-CN and zh-SG find zh-Hans; other cultures get English).</summary>
/// <remarks>Linked into every library that has a <c>ValidationMessages.resx</c> (see <c>src/Directory.Build.props</c>), so each
/// package reads its own resources. Keys are <c>Area.Problem</c>; the Chinese file keeps the English keys and placeholders.</remarks>
internal static class ValidationText
{
    private static readonly ResourceManager Resources = new(BaseName(), typeof(ValidationText).Assembly);

    /// <summary>Gets a message.</summary>
    /// <param name="key">The resource key.</param>
    /// <returns>The message in the current UI culture.</returns>
    public static string Get(string key) =>
        Resources.GetString(key, CultureInfo.CurrentUICulture)
        ?? throw new MissingManifestResourceException($"Validation message '{key}' is missing from {typeof(ValidationText).Assembly.GetName().Name}.");

    /// <summary>Gets a message with its placeholders filled in.</summary>
    /// <param name="key">The resource key.</param>
    /// <param name="args">The values of the placeholders (setting names, numbers: never secrets).</param>
    /// <returns>The message in the current UI culture.</returns>
    public static string Format(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, Get(key), args);

    // The manifest name depends on the project's root namespace (CallCrm.Connectors or CallCrm.Connectors.<Package>).
    private static string BaseName()
    {
        const string Suffix = ".ValidationMessages.resources";
        var name = typeof(ValidationText).Assembly.GetManifestResourceNames().Single(n => n.EndsWith(Suffix, StringComparison.Ordinal));
        return name[..^".resources".Length];
    }
}
