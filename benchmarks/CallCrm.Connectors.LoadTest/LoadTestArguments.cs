using System.Globalization;

namespace CallCrm.Connectors.LoadTest;

/// <summary>Command-line settings: <c>--calls N --baseline-seconds S --fault-rate F --latency-ms L --seed S --simulator path --output path</c>.</summary>
internal sealed record LoadTestArguments
{
    public int Calls { get; init; } = 50_000;

    public int BaselineSeconds { get; init; } = 60;

    /// <summary>
    /// The probability that a vendor request meets a transient fault, split equally between a 500/503 (not applied), a
    /// dropped connection (not applied) and, for writes, a lost response (applied, answer lost: the retry must not duplicate).
    /// </summary>
    public double FaultRate { get; init; } = 0.01;

    /// <summary>Latency the simulator adds to every vendor request, in milliseconds.</summary>
    public int LatencyMs { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>HubSpot tier the simulator enforces; Professional allows 190 requests per rolling 10 s.</summary>
    public string HubSpotTier { get; init; } = "Professional";

    public string SimulatorPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "CallCrm.Connectors.VendorSimulator.dll");

    public string OutputPath { get; init; } = "loadtest.json";

    public static LoadTestArguments Parse(string[] args)
    {
        var result = new LoadTestArguments();
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            result = args[i] switch
            {
                "--calls" => result with { Calls = Positive(args[i], value) },
                "--baseline-seconds" => result with { BaselineSeconds = Positive(args[i], value) },
                "--fault-rate" => result with { FaultRate = double.Parse(value, CultureInfo.InvariantCulture) },
                "--latency-ms" => result with { LatencyMs = int.Parse(value, CultureInfo.InvariantCulture) is >= 0 and var latency ? latency : throw new ArgumentException("--latency-ms must not be negative.") },
                "--seed" => result with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--hubspot-tier" => result with { HubSpotTier = value },
                "--simulator" => result with { SimulatorPath = value },
                "--output" => result with { OutputPath = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return result.FaultRate is < 0 or > 1 ? throw new ArgumentException("--fault-rate must be between 0 and 1.") : result;
    }

    private static int Positive(string name, string value)
    {
        var number = int.Parse(value, CultureInfo.InvariantCulture);
        return number > 0 ? number : throw new ArgumentException($"{name} must be positive.");
    }
}
