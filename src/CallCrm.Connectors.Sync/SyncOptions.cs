using System;
using System.Collections.Generic;
using System.Threading;
using CallCrm.Connectors.Sync.Resilience;

namespace CallCrm.Connectors.Sync;

/// <summary>Options of one stream: batching, concurrency, look-back, polling, outbox, graceful stop and resilience.</summary>
/// <remarks>Call <see cref="Validate"/> (<c>AddCallCrmSync</c> registers a validator for <c>ValidateOnStart</c>) so that a bad value fails at start, not mid-run.</remarks>
public sealed class SyncOptions
{
    /// <summary>Gets or sets the largest batch handed to a sink; the engine uses the smaller of this and the sink's <c>MaxBatchSize</c>.</summary>
    /// <value>The default value is 500.</value>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>Gets or sets how long a partly filled batch may wait for more records before it is sent anyway.</summary>
    /// <value>The default value is 2 seconds.</value>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how many batches may be written at once; the engine uses the smaller of this and the sink's <c>MaxConcurrency</c>.</summary>
    /// <value>The default value is 4.</value>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Gets or sets how many records may wait between the source reader and the writers; it bounds memory however large the backlog.</summary>
    /// <value>The default value is 2,000.</value>
    public int ChannelCapacity { get; set; } = 2_000;

    /// <summary>Gets or sets how far behind the stored watermark a run starts reading, to catch late-arriving and clock-skewed records.</summary>
    /// <remarks>Records re-read inside the window are recognised by their content hash and not sent again. Has no effect on cursor checkpoints.
    /// Zero is allowed: a run reads strictly after the stored watermark and no longer catches records that appear late at the source.
    /// A source whose API filters more coarsely than its positions (Twilio: whole seconds) floors the watermark itself and skips what it
    /// has passed, so zero misses nothing for that reason.</remarks>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan LookBack { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the page size asked of the source, or <see langword="null"/> for the source's default.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? PageSize { get; set; }

    /// <summary>Gets or sets how long continuous mode waits between runs.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many outbox entries are sent per batch when the outbox drains (never more than the sink's batch size).</summary>
    /// <value>The default value is 200.</value>
    public int OutboxDrainBatchSize { get; set; } = 200;

    /// <summary>Gets or sets how often, during a run in degraded mode, the engine tries to drain the outbox.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan OutboxProbeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long the drain that ends a run may keep trying to empty the outbox while the sink makes progress
    /// or may yet recover: between rounds it waits as the sink asks (its Retry-After, or until the circuit half-opens).</summary>
    /// <remarks>A flaky CRM that answers at the end of the run leaves nothing buffered. A real outage ends the drain after three
    /// rounds that delivered nothing, or when this time would be exceeded, whichever comes first; the records stay buffered for
    /// the next run. <see cref="TimeSpan.Zero"/> drains once and does not wait.</remarks>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan OutboxFinalDrainTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets what happens to a record whose earlier send to a sink without upsert support may or may not have reached it (a crash hit mid-send).</summary>
    /// <value>The default value is <see cref="UncertainDeliveryPolicy.DeadLetter"/>.</value>
    public UncertainDeliveryPolicy UncertainDelivery { get; set; } = UncertainDeliveryPolicy.DeadLetter;

    /// <summary>Gets or sets how long a run asked to stop gracefully (<see cref="SyncRunOptions.StoppingToken"/>) may take to write and
    /// commit the records it already read; when it runs out, the writes in flight are cancelled and read again by the next run.</summary>
    /// <remarks><see cref="Timeout.InfiniteTimeSpan"/> leaves the bound to the caller's cancellation token (in a host, the host's
    /// <c>HostOptions.ShutdownTimeout</c>); <see cref="TimeSpan.Zero"/> cancels the writes at once. Measured on the engine's clock.</remarks>
    /// <value>The default value is <see cref="Timeout.InfiniteTimeSpan"/>.</value>
    public TimeSpan DrainTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>Gets the resilience settings of the stream's sink.</summary>
    public SinkResilienceOptions Resilience { get; } = new();

    // The longest delay a .NET timer (CancellationTokenSource, Task.Delay) takes; a longer batch delay or probe interval would throw
    // inside the push loop and stop it.
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(49);

    /// <summary>Checks every value.</summary>
    /// <returns>The problems found; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxBatchSize < 1)
        {
            errors.Add(ValidationText.Format("Setting.AtLeastOne", nameof(MaxBatchSize)));
        }

        if (MaxBatchDelay <= TimeSpan.Zero)
        {
            errors.Add(ValidationText.Format("Setting.Positive", nameof(MaxBatchDelay)));
        }

        if (MaxBatchDelay > MaxTimer)
        {
            errors.Add(ValidationText.Format("Setting.TimerRange", nameof(MaxBatchDelay)));
        }

        if (MaxConcurrency < 1)
        {
            errors.Add(ValidationText.Format("Setting.AtLeastOne", nameof(MaxConcurrency)));
        }

        if (ChannelCapacity < 1)
        {
            errors.Add(ValidationText.Format("Setting.AtLeastOne", nameof(ChannelCapacity)));
        }

        if (LookBack < TimeSpan.Zero)
        {
            errors.Add(ValidationText.Format("Setting.NotNegative", nameof(LookBack)));
        }

        if (PageSize is < 1)
        {
            errors.Add(ValidationText.Get("Sync.PageSize"));
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            errors.Add(ValidationText.Format("Setting.Positive", nameof(PollInterval)));
        }

        if (OutboxDrainBatchSize < 1)
        {
            errors.Add(ValidationText.Format("Setting.AtLeastOne", nameof(OutboxDrainBatchSize)));
        }

        if (OutboxFinalDrainTimeout < TimeSpan.Zero)
        {
            errors.Add(ValidationText.Format("Setting.NotNegative", nameof(OutboxFinalDrainTimeout)));
        }

        if (OutboxProbeInterval <= TimeSpan.Zero)
        {
            errors.Add(ValidationText.Format("Setting.Positive", nameof(OutboxProbeInterval)));
        }

        if (OutboxProbeInterval > MaxTimer)
        {
            errors.Add(ValidationText.Format("Setting.TimerRange", nameof(OutboxProbeInterval)));
        }

        if (DrainTimeout < TimeSpan.Zero && DrainTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add(ValidationText.Get("Sync.DrainTimeout"));
        }

        if (!Enum.IsDefined(UncertainDelivery))
        {
            errors.Add(ValidationText.Get("Sync.UncertainDelivery"));
        }

        Resilience.Validate(errors);
        return errors;
    }
}
