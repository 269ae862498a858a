using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Http.Authentication;

/// <summary>The one way secrets are shown: whether one is set, never any of its characters.</summary>
internal static class Redaction
{
    public const string Redacted = "***";

    public static string Mask(string? secret) => string.IsNullOrEmpty(secret) ? "(not set)" : Redacted;

    public static string Mask(Secret? secret) => secret is null || secret.IsEmpty ? "(not set)" : Redacted;
}
