using System;
using System.Globalization;

namespace CallCrm.Connectors.Http;

/// <summary>How URIs are shown in messages and <c>ToString()</c>: scheme, host, port and path, never user info or query
/// (either can hold credentials or personal data).</summary>
internal static class UriText
{
    public static string Describe(Uri? uri) => uri switch
    {
        null => "(none)",
        { IsAbsoluteUri: false } => uri.OriginalString.Split('?', 2)[0],
        _ => string.Create(CultureInfo.InvariantCulture, $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}{uri.AbsolutePath}"),
    };

    public static string Origin(Uri uri) => string.Create(CultureInfo.InvariantCulture, $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}");
}
