using System.Globalization;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Storage.PostgreSql;
using CallCrm.Connectors.Sync;

/// <summary>One instance of several over a PostgreSQL store: takes the stream's lease and runs once under it, writing to the
/// SQLite-file CRM shared by the instances. With <c>gate</c> its first write stops before reaching the CRM: it prints <c>blocked</c>
/// and waits for a line on standard input (the paused-instance test stops it there with SIGSTOP, lets another instance take the
/// stream over, resumes it with SIGCONT and then sends the line).</summary>
/// <remarks>Usage: CrashHelper postgres-lease CONNECTION_STRING SCHEMA SINK_DB COUNT gate|run. Prints <c>leased TOKEN</c> (or
/// <c>busy</c>, exit 2, when another instance holds the lease), then <c>done ...</c> (exit 0) or <c>LEASE_LOST ...</c> (exit 3).</remarks>
internal static class PostgresLeaseMode
{
    public const string Name = "postgres-lease";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new PostgreSqlStateStoreOptions { ConnectionString = args[1], Schema = args[2] };
        var count = int.Parse(args[4], CultureInfo.InvariantCulture);
        var gated = args[5] == "gate";
        await using var store = new PostgreSqlStateStore(options);
        await store.InitializeAsync();
        using var crm = new SqliteFileSink(args[3]);
        await using var engine = new SyncEngine(store) { Leases = store };
        var syncOptions = new SyncOptions { MaxBatchSize = 50, MaxConcurrency = 1 };
        syncOptions.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        ICrmSink sink = gated ? new StdinGatedSink(crm) : crm;
        var stream = engine.AddCallLogStream(new CallLogStreamDefinition("calls", new GeneratedCallSource(count), sink) { Options = syncOptions });

        var lease = await store.TryAcquireStreamLeaseAsync("calls");
        if (lease is null)
        {
            Say("busy");
            return 2;
        }

        await using (lease)
        {
            Say("leased " + lease.FencingToken.ToString(CultureInfo.InvariantCulture));
            try
            {
                var report = await stream.RunOnceAsync(new SyncRunOptions { Lease = lease });
                Say($"done {report.Outcome} written={report.Written} dead={report.DeadLettered}");
                return 0;
            }
            catch (ConnectorException ex) when (ex.Code.Is(ConnectorErrorCode.LeaseLost))
            {
                Say("LEASE_LOST refused: " + ex.Message);
                return 3;
            }
            catch (OperationCanceledException) when (lease.LeaseLost.IsCancellationRequested)
            {
                Say("LEASE_LOST noticed by the keep-alive");
                return 3;
            }
        }
    }

    private static void Say(string line)
    {
        Console.WriteLine(line);
        Console.Out.Flush();
    }

    /// <summary>Holds the first write until a line arrives on standard input.</summary>
    private sealed class StdinGatedSink(ICrmSink inner) : ICrmSink
    {
        private int _gated;

        public string Name => inner.Name;

        public SinkCapabilities Capabilities => inner.Capabilities;

        public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _gated, 1) == 0)
            {
                Say("blocked");
                await Console.In.ReadLineAsync(CancellationToken.None);
            }

            return await inner.WriteAsync(batch, cancellationToken);
        }
    }
}
