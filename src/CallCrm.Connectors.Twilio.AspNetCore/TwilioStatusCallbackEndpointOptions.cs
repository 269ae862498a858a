using System;
using CallCrm.Connectors.Twilio;

namespace CallCrm.Connectors.Twilio.AspNetCore;

/// <summary>Options of the endpoint <c>MapTwilioStatusCallbacks</c> maps.</summary>
public sealed class TwilioStatusCallbackEndpointOptions
{
    /// <summary>Gets or sets the name of the Twilio account whose callbacks arrive here (its auth token signs them).</summary>
    /// <value>The default value is <see cref="TwilioOptions.DefaultName"/>.</value>
    public string AccountName { get; set; } = TwilioOptions.DefaultName;

    /// <summary>Gets or sets the call-log stream accepted calls are pushed into.</summary>
    /// <value>The default value is <see langword="null"/>: the one call-log stream whose source is <see cref="AccountName"/>.</value>
    public string? StreamName { get; set; }

    /// <summary>Gets or sets the scheme, host and port Twilio calls, as configured in Twilio (for example
    /// <c>https://crm-sync.example.com</c>). The request's path base, path and query are appended to it.</summary>
    /// <value>The default value is <see langword="null"/>: the URL of the request as the server sees it, which differs from the
    /// public one behind a reverse proxy or TLS terminator unless the forwarded-headers middleware restores it.</value>
    /// <remarks>The signature covers the URL exactly as Twilio called it; a wrong value makes every callback fail with 403.</remarks>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Gets or sets the <c>Retry-After</c> sent with a 503 when a call could not be stored.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
