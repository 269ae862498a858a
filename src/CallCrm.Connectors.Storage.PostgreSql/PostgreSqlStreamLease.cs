using System;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>The exclusive right of one instance to run a stream, while several instances share one PostgreSQL state store.
/// Get it from <see cref="PostgreSqlStateStore.TryAcquireStreamLeaseAsync"/>; dispose it to let another instance run the stream.</summary>
/// <remarks>
/// <para>The lease is a PostgreSQL session-level advisory lock held on a connection of its own: when the process dies or its connection
/// drops, the server releases it, so a crashed instance never blocks the stream for good. Each acquisition raises the stream's epoch in
/// the <c>stream_leases</c> table: that is the lease's <see cref="FencingToken"/>, and a commit carrying an older one is refused in its
/// own transaction with <see cref="Errors.ConnectorErrorCode.LeaseLost"/>. So an instance that lost its lease (its connection dropped,
/// or it was paused while another instance took over) stores nothing, even before it notices.</para>
/// <para>Every <see cref="PostgreSqlStateStoreOptions.LeaseKeepAliveInterval"/> the lease checks its connection and the stream's epoch;
/// when either fails, <see cref="LeaseLost"/> is cancelled (the engine links it into the run's cancellation).</para>
/// </remarks>
public sealed class PostgreSqlStreamLease : IStreamLease
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly SemaphoreSlim _connectionGate = new(1, 1);
    private readonly ITimer _keepAlive;
    private bool _disposed;

    internal PostgreSqlStreamLease(string stream, long fencingToken, NpgsqlConnection connection, long key, TimeSpan keepAlive, TimeProvider time, ILogger logger)
    {
        Stream = stream;
        FencingToken = fencingToken;
        _connection = connection;
        _key = key;
        _logger = logger;
        _keepAlive = time.CreateTimer(static state => _ = ((PostgreSqlStreamLease)state!).KeepAliveAsync(), this, keepAlive, keepAlive);
    }

    /// <inheritdoc />
    public string Stream { get; }

    /// <inheritdoc />
    public long FencingToken { get; }

    /// <inheritdoc />
    public CancellationToken LeaseLost => _lost.Token;

    /// <summary>Checks the lease now, as the keep-alive does: cancels <see cref="LeaseLost"/> when the connection is gone or another
    /// instance raised the stream's epoch.</summary>
    /// <returns><see langword="true"/> while the lease holds.</returns>
    internal async Task<bool> KeepAliveAsync()
    {
        if (_lost.IsCancellationRequested || !await _connectionGate.WaitAsync(0).ConfigureAwait(false))
        {
            return !_lost.IsCancellationRequested;
        }

        try
        {
            if (_disposed)
            {
                return false;
            }

            var epoch = await PostgreSqlStreamFencing.ReadAsync(_connection, Stream, CancellationToken.None).ConfigureAwait(false);
            if (epoch == FencingToken)
            {
                return true;
            }

            Log.LeaseFenced(_logger, Stream, FencingToken, epoch ?? 0);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            Log.LeaseConnectionLost(_logger, Stream, ex);
        }
        finally
        {
            _connectionGate.Release();
        }

        await _keepAlive.DisposeAsync().ConfigureAwait(false);
        await _lost.CancelAsync().ConfigureAwait(false);
        return false;
    }

    /// <summary>Releases the lease: another instance may run the stream.</summary>
    /// <returns>A task that completes when the lease is released.</returns>
    public async ValueTask DisposeAsync()
    {
        await _keepAlive.DisposeAsync().ConfigureAwait(false);
        await _connectionGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
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
            _connectionGate.Release();
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
