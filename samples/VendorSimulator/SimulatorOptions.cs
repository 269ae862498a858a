using System;
using CallCrm.Connectors.VendorSimulator.Faults;
using CallCrm.Connectors.VendorSimulator.HubSpot;

namespace CallCrm.Connectors.VendorSimulator;

/// <summary>Configures a <see cref="VendorSimulatorHost"/>: port, seeded data, credentials, limits and faults.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Gets or sets the TCP port on 127.0.0.1.</summary>
    /// <value>The default value is 0: the operating system picks a free port.</value>
    public int Port { get; set; }

    /// <summary>Gets or sets how many Twilio calls are seeded.</summary>
    /// <value>The default value is 1000.</value>
    public int Calls { get; set; } = 1000;

    /// <summary>Gets or sets how many HubSpot contacts are seeded.</summary>
    /// <value>The default value is 200.</value>
    public int Contacts { get; set; } = 200;

    /// <summary>Gets or sets the seed of every random choice: data, fault decisions. Same seed, same data.</summary>
    /// <value>The default value is 42.</value>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// Gets or sets the instant seeded data is generated back from (calls over the 30 days before it, tickets over
    /// the 6 months before it). Set it for data that is identical from one day to the next.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the start of the current UTC hour from <see cref="TimeProvider"/>.</value>
    public DateTimeOffset? SeedAnchor { get; set; }

    /// <summary>Gets or sets the clock used for timestamps, rate-limit windows, outage windows and signature ages.</summary>
    /// <value>The default value is <see cref="System.TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the Twilio Account SID (AC + 32 hex) the API answers for.</summary>
    /// <value>The default value is <see cref="SimulatorCredentials.TwilioAccountSid"/>.</value>
    public string TwilioAccountSid { get; set; } = SimulatorCredentials.TwilioAccountSid;

    /// <summary>Gets or sets the Twilio auth token (basic-auth password with the Account SID).</summary>
    /// <value>The default value is <see cref="SimulatorCredentials.TwilioAuthToken"/>.</value>
    public string TwilioAuthToken { get; set; } = SimulatorCredentials.TwilioAuthToken;

    /// <summary>Gets or sets the Twilio API key SID (SK + 32 hex), an alternative basic-auth user name.</summary>
    /// <value>The default value is <see cref="SimulatorCredentials.TwilioApiKeySid"/>.</value>
    public string TwilioApiKeySid { get; set; } = SimulatorCredentials.TwilioApiKeySid;

    /// <summary>Gets or sets the Twilio API key secret (basic-auth password with the API key SID).</summary>
    /// <value>The default value is <see cref="SimulatorCredentials.TwilioApiKeySecret"/>.</value>
    public string TwilioApiKeySecret { get; set; } = SimulatorCredentials.TwilioApiKeySecret;

    /// <summary>Gets or sets the HubSpot private-app access token (sent as <c>Authorization: Bearer</c>).</summary>
    /// <value>The default value is <see cref="SimulatorCredentials.HubSpotAccessToken"/>.</value>
    public string HubSpotAccessToken { get; set; } = SimulatorCredentials.HubSpotAccessToken;

    /// <summary>Gets or sets the HubSpot subscription tier, which sets the documented burst and daily limits.</summary>
    /// <value>The default value is <see cref="HubSpotTier.Professional"/> (190 per 10 s, 625,000 a day).</value>
    public HubSpotTier HubSpotTier { get; set; } = HubSpotTier.Professional;

    /// <summary>
    /// Gets or sets whether the custom call property <c>callcrm_source_call_id</c> is declared unique (409 on a second
    /// object with the same value). Turn it off to see what a sink does against a portal without the unique property.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool HubSpotUniqueSourceCallId { get; set; } = true;

    /// <summary>Gets or sets the shared secret of the call system's signed tag webhook.</summary>
    /// <value>The default value is <see cref="SimulatorCredentials.CallSystemWebhookSecret"/>.</value>
    public string CallSystemWebhookSecret { get; set; } = SimulatorCredentials.CallSystemWebhookSecret;

    /// <summary>Gets or sets how old a webhook signature timestamp may be (either way) before it is refused.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan CallSystemSignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the faults and limits applied from the start (change them at run time with <c>POST /_sim/faults</c>).</summary>
    /// <value>The default value is no faults and the vendors' documented limits.</value>
    public FaultSettings Faults { get; set; } = new();

    /// <summary>Gets or sets where and how call status callbacks are sent (<c>--callback-url</c>); none by default.</summary>
    public Twilio.StatusCallbackSettings StatusCallbacks { get; set; } = new();

    /// <summary>Throws when a value is out of range, so a bad command line fails at start, not mid-run.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegative(Calls);
        ArgumentOutOfRangeException.ThrowIfNegative(Contacts);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentException.ThrowIfNullOrEmpty(TwilioAccountSid);
        ArgumentException.ThrowIfNullOrEmpty(TwilioAuthToken);
        ArgumentException.ThrowIfNullOrEmpty(HubSpotAccessToken);
        ArgumentException.ThrowIfNullOrEmpty(CallSystemWebhookSecret);
        if (!System.Text.RegularExpressions.Regex.IsMatch(TwilioAccountSid, "^AC[0-9a-f]{32}$"))
        {
            throw new ArgumentException("The Twilio Account SID must be AC followed by 32 lower-case hex digits.", nameof(TwilioAccountSid));
        }

        Faults.Validate();
        ArgumentNullException.ThrowIfNull(StatusCallbacks);
        StatusCallbacks.Validate();
    }
}
