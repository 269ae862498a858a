using System;
using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Twilio;

/// <summary>Options of the Twilio call source and status-callback handler; validated when the host starts.</summary>
/// <remarks>
/// Authenticate either with the account's auth token (<see cref="AuthToken"/>) or with an API key
/// (<see cref="ApiKeySid"/> and <see cref="ApiKeySecret"/>; the key SID is the basic-auth user and
/// <see cref="AccountSid"/> stays in the request path). Secrets are <see cref="Secret"/> values: they never show in
/// <see cref="ToString"/>, the debugger or logs, and bind from configuration like strings.
/// </remarks>
public sealed class TwilioOptions
{
    /// <summary>The largest page Twilio serves.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The name the overloads of <c>AddTwilioCallSource</c> without a name register under: the key of the
    /// account's services, the name of its options and its source's <c>IConnectorProvider.Name</c>.</summary>
    public const string DefaultName = "twilio";

    /// <summary>Gets the name of the connector HTTP client of the account registered under <paramref name="name"/>:
    /// <c>twilio</c> for <see cref="DefaultName"/>, <c>twilio.&lt;name&gt;</c> otherwise (so that a Twilio account and,
    /// say, a HubSpot portal may share a name). Configure the client's <c>ConnectorHttpClientOptions</c> and
    /// <c>ConnectorRateLimitOptions</c> under this name, or through the builder <c>AddTwilioCallSource</c> returns.</summary>
    /// <param name="name">The account's name.</param>
    /// <returns>The client name.</returns>
    public static string HttpClientNameOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return string.Equals(name, DefaultName, StringComparison.Ordinal) ? DefaultName : DefaultName + "." + name;
    }

    /// <summary>Gets or sets the Account SID (<c>AC</c> followed by 32 hexadecimal digits).</summary>
    /// <value>The default value is an empty string; a value is required.</value>
    public string AccountSid { get; set; } = string.Empty;

    /// <summary>Gets or sets the account's auth token. Required for status callbacks (Twilio signs them with it) and
    /// used for the REST API unless an API key is set.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Secret? AuthToken { get; set; }

    /// <summary>Gets or sets the API key SID (<c>SK</c> followed by 32 hexadecimal digits), used as the basic-auth user
    /// instead of the Account SID.</summary>
    /// <value>The default value is <see langword="null"/>: the auth token is used.</value>
    public string? ApiKeySid { get; set; }

    /// <summary>Gets or sets the API key secret, required with <see cref="ApiKeySid"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Secret? ApiKeySecret { get; set; }

    /// <summary>Gets or sets the REST API base address.</summary>
    /// <value>The default value is <c>https://api.twilio.com/</c>.</value>
    public Uri BaseAddress { get; set; } = new("https://api.twilio.com/");

    /// <summary>Gets or sets whether plain <c>http</c> to a loopback address is allowed (tests and the simulator only).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowInsecureLoopback { get; set; }

    /// <summary>Gets or sets how many calls one list request asks for (<c>PageSize</c>, 1 to 1000), unless the read
    /// request says otherwise.</summary>
    /// <value>The default value is 1000: fewer requests against Twilio's limits.</value>
    public int PageSize { get; set; } = MaxPageSize;

    /// <summary>Gets or sets the ISO 3166-1 alpha-2 region national numbers are read in (Twilio sends E.164, so this
    /// matters only for the odd national number a SIP trunk passes through).</summary>
    /// <value>The default value is <c>US</c>.</value>
    public string DefaultRegion { get; set; } = "US";

    /// <summary>Gets or sets whether calls get their <c>RecordingUrl</c>. It costs one list request of the account's
    /// recordings per time slice that holds answered calls, never one per call.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool IncludeRecordings { get; set; } = true;

    /// <summary>Gets or sets whether calls still queued (which have no start time, so no start-time filter finds them)
    /// are read too, with one extra list request per read (<c>Status=queued</c>), and those that ended before they were
    /// dialled (cancelled or failed, still without a start time), with a <c>Status=canceled</c> and a <c>Status=failed</c>
    /// list read newest first down to the read window.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool IncludeQueuedCalls { get; set; } = true;

    /// <summary>Gets or sets how far back the first read of a stream (no checkpoint yet) goes. Twilio keeps call logs
    /// for about thirteen months.</summary>
    /// <value>The default value is 30 days.</value>
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Gets or sets the length of the first time slice a read asks Twilio for; slices then grow while they are
    /// sparse and shrink when one holds more than <see cref="MaxCallsPerSlice"/>. Whole seconds.</summary>
    /// <value>The default value is 1 day.</value>
    public TimeSpan SliceDuration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Gets or sets how many calls a read holds in memory at most (one slice, sorted before it is yielded); a
    /// slice found larger is split and read again in halves, down to one second.</summary>
    /// <value>The default value is 2,000 (two pages of the largest size; a busy account costs a few more list requests,
    /// which Twilio does not rate-limit, rather than tens of megabytes of calls held at once).</value>
    public int MaxCallsPerSlice { get; set; } = 2_000;

    /// <summary>Gets or sets how long an accepted status callback is remembered against replay; callbacks whose
    /// <c>Timestamp</c> is older than this (or this far in the future) are refused.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan CallbackReplayWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets whether an API key (rather than the auth token) authenticates REST requests.</summary>
    public bool UsesApiKey => !string.IsNullOrEmpty(ApiKeySid);

    /// <inheritdoc />
    /// <remarks>Never shows a secret: only whether each is set.</remarks>
    public override string ToString() =>
        $"{nameof(TwilioOptions)} {{ {nameof(AccountSid)} = {AccountSid}, {nameof(AuthToken)} = {Shown(AuthToken)}, {nameof(ApiKeySid)} = {ApiKeySid}, {nameof(ApiKeySecret)} = {Shown(ApiKeySecret)}, {nameof(BaseAddress)} = {BaseAddress} }}";

    private static string Shown(Secret? secret) => secret is null || secret.IsEmpty ? "(not set)" : secret.ToString();
}
