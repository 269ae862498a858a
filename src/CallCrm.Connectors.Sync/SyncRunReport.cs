using System;
using CallCrm.Connectors.Checkpoints;
using NodaTime;

namespace CallCrm.Connectors.Sync;

/// <summary>What one run of a stream did.</summary>
public sealed record SyncRunReport
{
    /// <summary>Gets the run's identifier (also recorded in tag history).</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the stream's name.</summary>
    public required string Stream { get; init; }

    /// <summary>Gets how the run ended.</summary>
    public SyncRunOutcome Outcome { get; init; }

    /// <summary>Gets how many records were read from the source.</summary>
    public long Read { get; init; }

    /// <summary>Gets how many records the sink confirmed (created or updated), outbox drains included.</summary>
    public long Written { get; init; }

    /// <summary>Gets how many records were not sent because the sink already holds exactly them (ledger hash match).</summary>
    public long Unchanged { get; init; }

    /// <summary>Gets how many records were put in the durable outbox because the sink was unavailable; a record read again while its copy waits replaces that copy and is counted again.</summary>
    public long Buffered { get; init; }

    /// <summary>Gets how many records went to dead letters.</summary>
    public long DeadLettered { get; init; }

    /// <summary>Gets how many write attempts were retried.</summary>
    public long Retried { get; init; }

    /// <summary>Gets how long the run took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the checkpoint stored at the end of the run.</summary>
    public Checkpoint? Checkpoint { get; init; }

    /// <summary>Gets when the stream can resume, when <see cref="Outcome"/> is <see cref="SyncRunOutcome.BudgetExhausted"/>.</summary>
    public Instant? ResumesAt { get; init; }

    /// <summary>Gets a sentence for people saying what happened (for example when a spent budget resets).</summary>
    public string Message { get; init; } = string.Empty;
}
