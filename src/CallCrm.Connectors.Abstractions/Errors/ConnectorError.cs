using System;
using System.Collections.Generic;
using System.Globalization;

namespace CallCrm.Connectors.Errors;

/// <summary>A failure, described once for machines (code), for people (a friendly message) and for logs (technical detail).</summary>
public sealed record ConnectorError
{
    /// <summary>Gets the stable error code.</summary>
    public required ConnectorErrorCode Code { get; init; }

    /// <summary>Gets whether trying again later may succeed.</summary>
    public bool IsTransient { get; init; }

    /// <summary>Gets the name of the system that failed (for example <c>hubspot</c>), if known.</summary>
    public string? SystemName { get; init; }

    /// <summary>Gets the technical detail for logs; never shown to an agent and never holding secrets or raw personal data.</summary>
    public string? TechnicalDetail { get; init; }

    /// <summary>Gets how long the remote system asked the SDK to wait before trying again, if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets the HTTP status code the failure came with, if any.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Gets the fields a target refused, for validation failures.</summary>
    public IReadOnlyList<FieldError> FieldErrors { get; init; } = [];

    /// <summary>Gets the message for the person in front of the screen: what happened and what to do.</summary>
    /// <param name="culture">The language; <see langword="null"/> for <see cref="CultureInfo.CurrentUICulture"/>.
    /// English and Simplified Chinese (<c>zh-Hans</c>, which <c>zh-CN</c> and <c>zh-SG</c> resolve to) are built in;
    /// other cultures get English.</param>
    /// <returns>A friendly message naming <see cref="SystemName"/>, the fields of <see cref="FieldErrors"/> and, for a
    /// transient failure with <see cref="RetryAfter"/>, when the next try comes. Never a bare code: a code without a
    /// message of its own (a provider's code) gets a generic message.</returns>
    public string GetUserMessage(CultureInfo? culture = null) => ErrorMessages.Build(this, culture ?? CultureInfo.CurrentUICulture);
}
