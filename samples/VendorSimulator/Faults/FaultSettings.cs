using System;

namespace CallCrm.Connectors.VendorSimulator.Faults;

/// <summary>Faults per vendor plus the rate limits the simulator enforces. Immutable: change it with <c>with</c>.</summary>
public sealed record FaultSettings
{
    /// <summary>Gets the faults of the Twilio API.</summary>
    /// <value>The default value is no faults.</value>
    public VendorFaults Twilio { get; init; } = new();

    /// <summary>Gets the faults of the HubSpot API.</summary>
    /// <value>The default value is no faults.</value>
    public VendorFaults HubSpot { get; init; } = new();

    /// <summary>Gets the faults of the call system's webhook receiver.</summary>
    /// <value>The default value is no faults.</value>
    public VendorFaults CallSystem { get; init; } = new();

    /// <summary>
    /// Gets the HubSpot burst limit (requests per rolling 10 seconds) overriding the tier's documented figure.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the tier's figure (100 Free/Starter, 190 Professional/Enterprise).</value>
    public int? HubSpotTenSecondLimit { get; init; }

    /// <summary>Gets the HubSpot daily limit overriding the tier's documented figure.</summary>
    /// <value>The default value is <see langword="null"/>: the tier's figure.</value>
    public int? HubSpotDailyLimit { get; init; }

    /// <summary>Gets the HubSpot CRM search limit, requests per second per account (documented: 5).</summary>
    /// <value>The default value is 5.</value>
    public int HubSpotSearchPerSecond { get; init; } = 5;

    /// <summary>Gets the Twilio limit on concurrent requests per account (Twilio documents 429/20429 on excess concurrency).</summary>
    /// <value>The default value is 100.</value>
    public int TwilioConcurrencyLimit { get; init; } = 100;

    /// <summary>Gets an optional Twilio requests-per-second cap (not a documented Twilio limit: a test knob for 429s).</summary>
    /// <value>The default value is 0: off.</value>
    public int TwilioRequestsPerSecond { get; init; }

    /// <summary>Gets a value indicating whether Twilio 429s carry <c>Retry-After</c> (Twilio does not document one).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool TwilioRetryAfter { get; init; }

    /// <summary>
    /// Gets a number of stored HubSpot calls after which HubSpot goes down: once it holds at least this many calls,
    /// its next request switches <see cref="VendorFaults.Outage"/> on (and clears this trigger), so an outage can
    /// start at a known point of a run, whatever the machine's speed.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no trigger.</value>
    public int? HubSpotOutageAfterCalls { get; init; }

    /// <summary>
    /// Gets a value indicating whether HubSpot refuses invalid call properties without naming them: the 400
    /// <c>VALIDATION_ERROR</c> then carries a bare message and no <c>context</c> or <c>errors</c> (no
    /// "Property values were not valid" list), so a client cannot tell which input of a batch was refused.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: the refused property and value are named, as HubSpot usually does.</value>
    public bool HubSpotUnnamedValidationErrors { get; init; }

    /// <summary>Gets the faults of <paramref name="vendor"/>.</summary>
    /// <param name="vendor">The vendor.</param>
    /// <returns>Its faults.</returns>
    public VendorFaults For(SimulatedVendor vendor) => vendor switch
    {
        SimulatedVendor.Twilio => Twilio,
        SimulatedVendor.HubSpot => HubSpot,
        SimulatedVendor.CallSystem => CallSystem,
        _ => throw new ArgumentOutOfRangeException(nameof(vendor)),
    };

    /// <summary>Returns a copy with <paramref name="vendor"/>'s faults replaced.</summary>
    /// <param name="vendor">The vendor.</param>
    /// <param name="faults">Its new faults.</param>
    /// <returns>The new settings.</returns>
    public FaultSettings With(SimulatedVendor vendor, VendorFaults faults) => vendor switch
    {
        SimulatedVendor.Twilio => this with { Twilio = faults },
        SimulatedVendor.HubSpot => this with { HubSpot = faults },
        SimulatedVendor.CallSystem => this with { CallSystem = faults },
        _ => throw new ArgumentOutOfRangeException(nameof(vendor)),
    };

    internal void Validate()
    {
        Twilio.Validate(nameof(Twilio));
        HubSpot.Validate(nameof(HubSpot));
        CallSystem.Validate(nameof(CallSystem));
        if (HubSpotTenSecondLimit is < 1 || HubSpotDailyLimit is < 1 || HubSpotSearchPerSecond < 1 || HubSpotOutageAfterCalls is < 0 || TwilioConcurrencyLimit < 1 || TwilioRequestsPerSecond < 0)
        {
            throw new ArgumentException("Rate limits must be positive (TwilioRequestsPerSecond may be 0 for off).");
        }
    }
}
