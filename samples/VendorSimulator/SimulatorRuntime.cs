using System;
using CallCrm.Connectors.VendorSimulator.CallSystem;
using CallCrm.Connectors.VendorSimulator.Faults;
using CallCrm.Connectors.VendorSimulator.HubSpot;
using CallCrm.Connectors.VendorSimulator.Infrastructure;
using CallCrm.Connectors.VendorSimulator.Seeding;
using CallCrm.Connectors.VendorSimulator.Twilio;

namespace CallCrm.Connectors.VendorSimulator;

/// <summary>Everything one simulator instance holds: options, clock, stores, limits, faults and counters.</summary>
internal sealed class SimulatorRuntime
{
    /// <summary>Requests being handled by the Twilio API now (Twilio limits concurrency, not rate).</summary>
    public int TwilioInFlight;

    private readonly FaultSettings initialFaults;

    public SimulatorRuntime(SimulatorOptions options)
    {
        Options = options;
        TimeProvider = options.TimeProvider;
        initialFaults = options.Faults;
        Faults = new FaultState(options.Faults);
        FaultRandom = new SeededRandom(options.Seed);
        var now = TimeProvider.GetUtcNow();
        SeedAnchor = options.SeedAnchor ?? new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        DataSeeder.Seed(options, SeedAnchor, HubSpot, Twilio);
        Callbacks = options.StatusCallbacks.Url is null
            ? null
            : new StatusCallbackSender(options.StatusCallbacks, options.TwilioAccountSid, options.TwilioAuthToken, TimeProvider, options.Seed);
    }

    /// <summary>Gets the sender of Twilio status callbacks, when a callback URL is set.</summary>
    public StatusCallbackSender? Callbacks { get; }

    public SimulatorOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public DateTimeOffset SeedAnchor { get; }

    public SimulatorCounters Counters { get; } = new();

    public FaultState Faults { get; }

    public SeededRandom FaultRandom { get; }

    public TwilioStore Twilio { get; } = new();

    public RollingWindowLimiter TwilioPerSecond { get; } = new(TimeSpan.FromSeconds(1));

    public HubSpotStore HubSpot { get; } = new();

    public HubSpotRateLimits HubSpotLimits { get; } = new();

    public CallSystemStore CallSystem { get; } = new();

    /// <summary>Back to the start: seeded data again (with <paramref name="seed"/> if given), no counters, initial faults.</summary>
    public void Reset(int? seed)
    {
        if (seed is { } s)
        {
            Options.Seed = s;
        }

        lock (HubSpot.Gate)
        {
            HubSpot.Clear();
        }

        Twilio.Clear();
        CallSystem.Clear();
        DataSeeder.Seed(Options, SeedAnchor, HubSpot, Twilio);
        Counters.Reset();
        HubSpotLimits.Reset();
        TwilioPerSecond.Reset();
        FaultRandom.Reseed(Options.Seed);
        Faults.Set(initialFaults);
    }

    public SimulatorState Snapshot()
    {
        int calls, duplicates, contacts, tickets;
        lock (HubSpot.Gate)
        {
            calls = HubSpot.Count(HubSpotObjectTypes.Calls);
            duplicates = HubSpot.DuplicateCalls();
            contacts = HubSpot.Count(HubSpotObjectTypes.Contacts);
            tickets = HubSpot.Count(HubSpotObjectTypes.Tickets);
        }

        return new SimulatorState
        {
            TwilioCalls = Twilio.Count,
            HubSpotCalls = calls,
            HubSpotDuplicateCalls = duplicates,
            HubSpotContacts = contacts,
            HubSpotTickets = tickets,
            TagsPushed = Counters.TagsPushed,
            TagPushReplays = Counters.TagPushReplays,
            CallSystemCustomers = CallSystem.Customers,
            Requests = Counters.Requests,
            Throttled = Counters.Throttled,
            ErrorsInjected = Counters.ErrorsInjected,
            TimeoutsInjected = Counters.TimeoutsInjected,
            DropsInjected = Counters.DropsInjected,
            LostResponses = Counters.LostResponses,
            OutageRejections = Counters.OutageRejections,
        };
    }
}
