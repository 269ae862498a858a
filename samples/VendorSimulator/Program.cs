using System;
using System.Globalization;
using System.Threading.Tasks;
using CallCrm.Connectors.VendorSimulator;
using CallCrm.Connectors.VendorSimulator.Faults;
using CallCrm.Connectors.VendorSimulator.HubSpot;
using Microsoft.Extensions.Logging;

// dotnet run --project samples/VendorSimulator -- --port 5080 --calls 10000 --seed 42 --fault-rate 0.1
var options = new SimulatorOptions { Port = 5080 };
try
{
    for (var i = 0; i < args.Length; i++)
    {
        var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
        switch (args[i++])
        {
            case "--port": options.Port = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--calls": options.Calls = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--contacts": options.Contacts = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--seed": options.Seed = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--anchor": options.SeedAnchor = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture); break;
            case "--hubspot-tier": options.HubSpotTier = Enum.Parse<HubSpotTier>(value, ignoreCase: true); break;
            case "--webhook-secret": options.CallSystemWebhookSecret = value; break;
            case "--fault-rate": AllVendors(f => f with { ErrorRate = double.Parse(value, CultureInfo.InvariantCulture) }); break;
            case "--drop-rate": AllVendors(f => f with { DropRate = double.Parse(value, CultureInfo.InvariantCulture) }); break;
            case "--lost-response-rate": AllVendors(f => f with { LostResponseRate = double.Parse(value, CultureInfo.InvariantCulture) }); break;
            case "--latency-ms": AllVendors(f => f with { LatencyMs = int.Parse(value, CultureInfo.InvariantCulture) }); break;
            case "--callback-url": options.StatusCallbacks = options.StatusCallbacks with { Url = new Uri(value, UriKind.Absolute) }; break;
            case "--callback-duplicate-rate": options.StatusCallbacks = options.StatusCallbacks with { DuplicateRate = double.Parse(value, CultureInfo.InvariantCulture) }; break;
            case "--callback-reorder-rate": options.StatusCallbacks = options.StatusCallbacks with { ReorderRate = double.Parse(value, CultureInfo.InvariantCulture) }; break;
            case "--callback-max-attempts": options.StatusCallbacks = options.StatusCallbacks with { MaxAttempts = int.Parse(value, CultureInfo.InvariantCulture) }; break;
            default: throw new ArgumentException($"Unknown option {args[i - 1]}.");
        }
    }
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or UriFormatException)
{
    await Console.Error.WriteLineAsync($"VendorSimulator: {e.Message} See samples/VendorSimulator/README.md for the flags.");
    return 2;
}

// The fault flags apply to every simulated vendor alike.
void AllVendors(Func<VendorFaults, VendorFaults> change) => options.Faults = options.Faults with
{
    Twilio = change(options.Faults.Twilio),
    HubSpot = change(options.Faults.HubSpot),
    CallSystem = change(options.Faults.CallSystem),
};

await using var simulator = await VendorSimulatorHost.StartAsync(options, logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
var state = simulator.GetState();
Console.WriteLine($"VendorSimulator listening on {simulator.BaseAddress} (seed {options.Seed}, {state.TwilioCalls} calls, {state.HubSpotContacts} contacts, anchor {simulator.SeedAnchor:O}). Ctrl+C to stop.");
await simulator.WaitForShutdownAsync();
return 0;
