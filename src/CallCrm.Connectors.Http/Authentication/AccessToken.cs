using System;

namespace CallCrm.Connectors.Http.Authentication;

/// <summary>A cached access token. A class, not a record, so that no generated member prints the token.</summary>
internal sealed class AccessToken
{
    public AccessToken(string value, DateTimeOffset expiresAt)
    {
        Value = value;
        ExpiresAt = expiresAt;
    }

    public string Value { get; }

    public DateTimeOffset ExpiresAt { get; }

    public override string ToString() => $"{nameof(AccessToken)} {{ {Redaction.Redacted}, expires {ExpiresAt:O} }}";
}
