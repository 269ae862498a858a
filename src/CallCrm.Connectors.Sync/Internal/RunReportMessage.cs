using System.Globalization;
using CallCrm.Connectors.Errors;
using NodaTime;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>The one-line summary a <see cref="SyncRunReport"/> carries for people reading logs and consoles.</summary>
internal static class RunReportMessage
{
    /// <summary>Describes how a run ended.</summary>
    /// <param name="outcome">How the run ended.</param>
    /// <param name="counters">What the run did.</param>
    /// <param name="stop">Why and how the run was stopped, if it was.</param>
    /// <param name="budget">The vendor's spent budget, when that ended the run.</param>
    /// <param name="resumesAt">When a run that spent the budget resumes.</param>
    /// <returns>The message.</returns>
    public static string For(SyncRunOutcome outcome, RunCounters counters, RunStop stop, ConnectorError? budget, Instant? resumesAt) => outcome switch
    {
        SyncRunOutcome.Interrupted => string.Create(
            CultureInfo.InvariantCulture,
            $"Stopped before the batches in flight were written: the drain timeout ({stop.DrainTimeout}) ran out. {counters.Written} written; the rest is read again by the next run."),
        SyncRunOutcome.Stopped => string.Create(
            CultureInfo.InvariantCulture,
            $"Stopped on request after writing what was read: {counters.Written} written, {counters.Unchanged} unchanged, {counters.Buffered} buffered, {counters.DeadLettered} dead-lettered. The next run goes on from the checkpoint."),
        SyncRunOutcome.BudgetExhausted when resumesAt is { } at => string.Create(
            CultureInfo.InvariantCulture,
            $"The API budget of {budget?.SystemName ?? "the vendor"} is spent. Progress is saved; the stream resumes at {at:uuuu-MM-dd HH:mm:ss} UTC."),
        _ => string.Create(
            CultureInfo.InvariantCulture,
            $"Caught up: {counters.Written} written, {counters.Unchanged} unchanged, {counters.Buffered} buffered, {counters.DeadLettered} dead-lettered."),
    };
}
