using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>The exclusive right of one instance to run a stream, while several instances share one PostgreSQL state store.
/// Get it from <see cref="PostgreSqlStateStore.TryAcquireStreamLeaseAsync"/>; dispose it to let another instance run the stream.</summary>
/// <remarks>
/// <para>The lease is a PostgreSQL session-level advisory lock held on a connection of its own: when the process dies or its connection
/// drops, the server releases it, so a crashed instance never blocks the stream for good. The lease does not notice losing its
/// connection while held; keep runs bounded (one <c>RunOnceAsync</c> per lease) so that a lost lease ends with the run.</para>
/// <para>The store alone keeps a record from being committed twice, checkpoints from moving back and the outbox from being drained twice,
/// but two instances running the same stream at once would both read the same records from the source and both send them before
/// either commits. Holding this lease around each run of a stream is what makes every record go to the sink once.</para>
/// </remarks>
public sealed class PostgreSqlStreamLease : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;
    private readonly ILogger _logger;
    private bool _disposed;

    internal PostgreSqlStreamLease(string stream, NpgsqlConnection connection, long key, ILogger logger)
    {
        Stream = stream;
        _connection = connection;
        _key = key;
        _logger = logger;
    }

    /// <summary>Gets the stream the lease is for.</summary>
    public string Stream { get; }

    /// <summary>Releases the lease: another instance may run the stream.</summary>
    /// <returns>A task that completes when the lease is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1);", _connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.AddValue(_key);
                await command.ExecuteScalarAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // A broken connection is discarded by the pool and its session's locks die with it; a healthy one is reset on return
            // (DISCARD ALL releases advisory locks). Either way the lease ends.
            Log.LeaseReleaseFailed(_logger, Stream, ex);
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
