using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>Stream leases with fencing tokens over a <see cref="SqliteStateStore"/>, for the engines of one process that share a file
/// (and for tests and simulations of several instances).</summary>
/// <remarks>
/// <para>A lease is exclusive among the providers of this process over the same file, and dies with the process. Each acquisition
/// raises the stream's epoch in the file: that is the lease's <see cref="IStreamLease.FencingToken"/>, and
/// <see cref="SqliteStateStore.CommitAsync"/> refuses a commit carrying an older one with
/// <see cref="Errors.ConnectorErrorCode.LeaseLost"/>, exactly as the PostgreSQL store does.</para>
/// <para>The store itself does not offer leases: a single instance needs none, and runs without a lease provider behave as they always
/// did. Pass this provider where leases are wanted (<c>ContinuousRunOptions.Leases</c>, a sync stream's <c>Leases</c>).</para>
/// </remarks>
public sealed class SqliteStreamLeaseProvider : IStreamLeaseProvider
{
    private static readonly ConcurrentDictionary<(string DataSource, string Stream), Lease> Held = new();

    private readonly SqliteStateStore _store;

    /// <summary>Initializes a new instance of the <see cref="SqliteStreamLeaseProvider"/> class.</summary>
    /// <param name="store">The store whose file keeps the streams' epochs.</param>
    public SqliteStreamLeaseProvider(SqliteStateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <inheritdoc />
    public async ValueTask<IStreamLease?> TryAcquireStreamLeaseAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var database = _store.Database;
        var key = (database.DataSource, stream);
        var lease = new Lease(key, stream);
        if (!Held.TryAdd(key, lease))
        {
            return null;
        }

        try
        {
            lease.FencingToken = await database.WriteAsync(stream, static (batch, s) => SqliteStreamFencing.RaiseEpoch(batch, s), cancellationToken).ConfigureAwait(false);
            return lease;
        }
        catch
        {
            Held.TryRemove(new(key, lease));
            throw;
        }
    }

    /// <summary>Ends the current holder's lease without telling it, as a lost connection or a long pause would: another holder may
    /// take the stream, and the old holder's commits are refused once it does. For tests and simulations.</summary>
    /// <param name="stream">The stream.</param>
    /// <returns><see langword="true"/> when a lease was held.</returns>
    public bool Revoke(string stream)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        return Held.TryRemove((_store.Database.DataSource, stream), out _);
    }

    private sealed class Lease((string DataSource, string Stream) key, string stream) : IStreamLease
    {
        public string Stream { get; } = stream;

        public long FencingToken { get; set; }

        public CancellationToken LeaseLost => CancellationToken.None;

        public ValueTask DisposeAsync()
        {
            Held.TryRemove(new(key, this));
            return ValueTask.CompletedTask;
        }
    }
}
