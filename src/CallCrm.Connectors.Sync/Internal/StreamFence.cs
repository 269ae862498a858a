using System;
using System.Threading;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>The stream lease the current operation runs under (flowing with its async calls, so the tasks a run starts see it and a push
/// ingestion on another call does not), and the fencing of the state commits made under it.</summary>
internal static class StreamFence
{
    private static readonly AsyncLocal<IStreamLease?> CurrentLease = new();
    private static readonly AsyncLocal<bool> BufferOnly = new();

    /// <summary>Gets the lease the current operation runs under, or <see langword="null"/>.</summary>
    public static IStreamLease? Current => CurrentLease.Value;

    /// <summary>Makes <paramref name="lease"/> the current operation's lease until the returned scope is disposed.</summary>
    public static Scope Enter(IStreamLease? lease)
    {
        var previous = CurrentLease.Value;
        CurrentLease.Value = lease;
        return new Scope(previous);
    }

    /// <summary>Gets whether the current operation may not write to the sink (another instance holds the stream's lease): what it
    /// would send is buffered in the outbox instead.</summary>
    public static bool MustBuffer => BufferOnly.Value;

    /// <summary>Makes the current operation buffer instead of writing until the returned scope is disposed.</summary>
    public static BufferScope EnterBufferOnly()
    {
        BufferOnly.Value = true;
        return default;
    }

    /// <summary>Gives a commit the fencing token of the lease its stream is held under by the current operation, if any.</summary>
    public static StateCommit Apply(StateCommit commit) =>
        CurrentLease.Value is { } lease && string.Equals(lease.Stream, commit.Stream, StringComparison.Ordinal) && commit.FencingToken is null
            ? commit with { FencingToken = lease.FencingToken }
            : commit;

    /// <summary>Restores the previous lease.</summary>
    public readonly struct Scope(IStreamLease? previous) : IDisposable
    {
        public void Dispose() => CurrentLease.Value = previous;
    }

    /// <summary>Lets the operation write again.</summary>
    public readonly struct BufferScope : IDisposable
    {
        public void Dispose() => BufferOnly.Value = false;
    }
}
