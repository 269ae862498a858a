using System;
using System.Threading;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Sync;

/// <summary>How one run (or a continuous loop of runs) is driven: where progress goes, and the signal to stop gracefully.</summary>
/// <remarks>
/// <para>A run has two stop signals. <see cref="StoppingToken"/> asks it to <em>finish what it has</em>: it reads no further
/// (no new source page), writes and commits the records it already read, saves its checkpoint and returns a report with
/// <see cref="SyncRunOutcome.Stopped"/>. The <c>cancellationToken</c> of the run method <em>aborts everything</em>: the writes
/// in flight are cancelled and the run throws <see cref="OperationCanceledException"/>. Either way nothing is lost: what was not
/// committed is read again by the next run.</para>
/// <para>The graceful stop is bounded by <see cref="SyncOptions.DrainTimeout"/>: when it runs out, the writes in flight are cancelled
/// and the run returns <see cref="SyncRunOutcome.Interrupted"/>.</para>
/// <para>A value type so that the overloads taking it never compete with those taking a progress for a <see langword="null"/> argument.</para>
/// </remarks>
public readonly struct SyncRunOptions : IEquatable<SyncRunOptions>
{
    /// <summary>Gets the receiver of a progress event after each committed batch, or <see langword="null"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IProgress<SyncProgress>? Progress { get; init; }

    /// <summary>Gets the signal to stop gracefully: read nothing more, finish the batches already read, save the checkpoint and return.</summary>
    /// <value>The default value is <see cref="CancellationToken.None"/>: the run goes on until it has caught up.</value>
    public CancellationToken StoppingToken { get; init; }

    /// <summary>Gets the stream lease the run is made under, or <see langword="null"/> for a run without one (a single instance).</summary>
    /// <value>The default value is <see langword="null"/>. When set, every state commit of the run carries the lease's fencing token (the
    /// store refuses it once another instance took the stream over: the run fails with <c>LEASE_LOST</c> and stores nothing more), and
    /// the lease's <see cref="IStreamLease.LeaseLost"/> aborts the run as its <c>cancellationToken</c> would.
    /// <see cref="SyncStreamBase.RunContinuouslyAsync(ContinuousRunOptions, CancellationToken)"/> sets it from
    /// <see cref="ContinuousRunOptions.Leases"/>.</value>
    public IStreamLease? Lease { get; init; }

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether both hold the same progress receiver and stopping token.</returns>
    public static bool operator ==(SyncRunOptions left, SyncRunOptions right) => left.Equals(right);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they differ in progress receiver or stopping token.</returns>
    public static bool operator !=(SyncRunOptions left, SyncRunOptions right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(SyncRunOptions other) => ReferenceEquals(Progress, other.Progress) && StoppingToken.Equals(other.StoppingToken) && ReferenceEquals(Lease, other.Lease);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SyncRunOptions other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Progress, StoppingToken, Lease);
}
