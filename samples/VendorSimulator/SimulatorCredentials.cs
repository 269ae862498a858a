namespace CallCrm.Connectors.VendorSimulator;

/// <summary>The simulator's default credentials: fake, public, never valid anywhere but here.</summary>
public static class SimulatorCredentials
{
    /// <summary>The default Twilio Account SID.</summary>
    public const string TwilioAccountSid = "AC00000000000000000000000000000042";

    /// <summary>The default Twilio auth token.</summary>
    public const string TwilioAuthToken = "sim-twilio-auth-token";

    /// <summary>The default Twilio API key SID.</summary>
    public const string TwilioApiKeySid = "SK00000000000000000000000000000042";

    /// <summary>The default Twilio API key secret.</summary>
    public const string TwilioApiKeySecret = "sim-twilio-api-key-secret";

    /// <summary>The default HubSpot private-app access token.</summary>
    public const string HubSpotAccessToken = "pat-na1-00000000-0000-0000-0000-000000000042";

    /// <summary>The default shared secret of the call system's tag webhook.</summary>
    public const string CallSystemWebhookSecret = "sim-callsystem-webhook-secret";
}
