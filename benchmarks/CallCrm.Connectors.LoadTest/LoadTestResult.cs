namespace CallCrm.Connectors.LoadTest;

/// <summary>The file <c>benchmarks/results/loadtest.json</c>.</summary>
internal sealed record LoadTestResult(DateTimeOffset StartedAt, LoadTestSettings Settings, OursResult Ours, BaselineResult Baseline, RatioResult Ratio);

/// <summary>What both runs faced: the same simulator settings.</summary>
internal sealed record LoadTestSettings(int Calls, int BaselineSeconds, double FaultRate, int LatencyMs, int Seed, string HubSpotTier, double AllowedRequestsPerSecond, int ProcessorCount);

/// <summary>The SDK run: Twilio source, sync engine with SQLite state, HubSpot sink.</summary>
internal sealed record OursResult
{
    public required long Records { get; init; }

    public required double ElapsedSeconds { get; init; }

    public required double RecordsPerSecond { get; init; }

    public required int Batches { get; init; }

    public required double BatchLatencyP50Ms { get; init; }

    public required double BatchLatencyP99Ms { get; init; }

    /// <summary>HubSpot requests other than search (the ones the rolling 10-second limit counts), attempts included.</summary>
    public required long Requests { get; init; }

    public required double RequestsPerSecond { get; init; }

    /// <summary>Requests per second divided by the allowed rate, capped at 1 (a short run may average more than the allowed rate
    /// within HubSpot's rolling window; <see cref="RequestsPerSecond"/> has the uncapped figure).</summary>
    public required double RateUtilization { get; init; }

    /// <summary>HubSpot search requests (contact look-ups of callers; limited per second, separately).</summary>
    public required long Searches { get; init; }

    public required double SearchesPerSecond { get; init; }

    /// <summary>429 answers HubSpot's limits served us.</summary>
    public required long Throttled { get; init; }

    public required long HttpRetries { get; init; }

    public required long EngineRetries { get; init; }

    public required long RateLimitPauses { get; init; }

    public required long ServerErrors { get; init; }

    public required long Stored { get; init; }

    public required long Lost { get; init; }

    public required long Duplicates { get; init; }

    public required long Buffered { get; init; }

    public required long DeadLettered { get; init; }

    public required double PeakWorkingSetMB { get; init; }

    /// <summary>Peaks of the parts of the working set that can be told apart from inside the process.</summary>
    public required MemoryPeaks Memory { get; init; }

    /// <summary>The simulator's own counters after the run (<c>GET /_sim/state</c>).</summary>
    public required SimulatorCounters Simulator { get; init; }
}

/// <summary>The naive integration: one POST per call, fixed-delay retries, for a fixed time window.</summary>
internal sealed record BaselineResult
{
    public required long Records { get; init; }

    public required double ElapsedSeconds { get; init; }

    public required double RecordsPerSecond { get; init; }

    public required long Requests { get; init; }

    public required double RequestsPerSecond { get; init; }

    public required double RateUtilization { get; init; }

    public required long Throttled { get; init; }

    public required long Retries { get; init; }

    public required long GaveUp { get; init; }

    public required long Stored { get; init; }

    public required long Duplicates { get; init; }

    public required SimulatorCounters Simulator { get; init; }
}

/// <summary>Ours divided by the baseline (for 429s, lower is better).</summary>
internal sealed record RatioResult(double RecordsPerSecond, double? Throttled, double ThrottledPerRecord);

/// <summary>The part of <c>GET /_sim/state</c> the load test reads.</summary>
internal sealed record SimulatorCounters
{
    public long TwilioCalls { get; init; }

    public long HubSpotCalls { get; init; }

    public long HubSpotDuplicateCalls { get; init; }

    public long Requests { get; init; }

    public long Throttled { get; init; }

    public long ErrorsInjected { get; init; }

    public long DropsInjected { get; init; }

    public long LostResponses { get; init; }
}
