// Runs one catch-up of a call-log stream: a generated call source -> a SQLite-file CRM sink, with state in a SQLite store.
// The crash test kills this process at random points and starts it again; the files must end up right.
// Usage: CrashHelper <state.db> <sink.db> <recordCount>
// Or: CrashHelper postgres-lease ... (one of several instances over PostgreSQL; see PostgresLeaseMode).
using System.Globalization;
using System.Runtime.CompilerServices;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Sync;
using Microsoft.Data.Sqlite;
using NodaTime;

if (args[0] == PostgresLeaseMode.Name)
{
    return await PostgresLeaseMode.RunAsync(args);
}

var stateDb = args[0];
var sinkDb = args[1];
var count = int.Parse(args[2], CultureInfo.InvariantCulture);

await using var store = new SqliteStateStore(new SqliteStateStoreOptions { DataSource = stateDb });
await store.InitializeAsync();
using var sink = new SqliteFileSink(sinkDb);
await using var engine = new SyncEngine(store);
var options = new SyncOptions { MaxBatchSize = 50, MaxConcurrency = 2 };
options.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
var stream = engine.AddCallLogStream(new CallLogStreamDefinition("calls", new GeneratedCallSource(count), sink) { Options = options });

var report = await stream.RunOnceAsync(new ConsoleProgress());
Console.WriteLine($"done {report.Outcome} written={report.Written} dead={report.DeadLettered}");
return 0;

/// <summary>Calls 0..count-1, one second apart in 2020; every 97th (i % 97 == 5) is one the CRM refuses.</summary>
internal sealed class GeneratedCallSource(int count) : ICallSource
{
    public static readonly Instant Epoch = Instant.FromUtc(2020, 1, 1, 0, 0);

    public string Name => "generated";

    public SourceCapabilities Capabilities { get; } = new(SourceOrdering.StartTime);

    public static CallRecord Make(int i) => new()
    {
        SourceSystem = "generated",
        SourceId = "call-" + i.ToString("D6", CultureInfo.InvariantCulture),
        StartedAt = Epoch + Duration.FromSeconds(i),
        Status = CallStatus.Completed,
        Agent = i % 97 == 5 ? null : "agent-" + (i % 13).ToString(CultureInfo.InvariantCulture),
    };

    public async IAsyncEnumerable<SourceItem<CallRecord>> ReadAsync(ReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = request.Since as WatermarkCheckpoint ?? WatermarkCheckpoint.Start;
        for (var i = 0; i < count; i++)
        {
            var record = Make(i);
            if (after.IsBefore(record.StartedAt, record.SourceId))
            {
                yield return new SourceItem<CallRecord>(record, new WatermarkCheckpoint(record.StartedAt, record.SourceId));
            }

            if (i % 100 == 0)
            {
                await Task.Yield();
            }
        }
    }
}

/// <summary>A CRM kept in a SQLite file: one row per record key, with how many times it was written.</summary>
internal sealed class SqliteFileSink : ICrmSink, IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteFileSink(string path)
    {
        _connection = new SqliteConnection($"Data Source={path}");
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS calls (key TEXT PRIMARY KEY, agent TEXT, writes INTEGER NOT NULL);";
        create.ExecuteNonQuery();
    }

    public string Name => "sqlite-crm";

    public SinkCapabilities Capabilities { get; } = new() { MaxBatchSize = 50, MaxConcurrency = 2, SupportsUpsertByExternalId = true };

    public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default)
    {
        // A real CRM takes a few milliseconds per call; without it the whole run can finish before the test reacts to a progress line.
        await Task.Delay(5, cancellationToken);
        var outcomes = new List<RecordOutcome>(batch.Count);
        lock (_connection)
        {
            using var transaction = _connection.BeginTransaction();
            foreach (var record in batch)
            {
                if (record.Agent is null)
                {
                    outcomes.Add(RecordOutcome.Failed(record.Key, new ConnectorError { Code = ConnectorErrorCode.ValidationFailed, HttpStatus = 422, TechnicalDetail = "agent is required" }));
                    continue;
                }

                using var upsert = _connection.CreateCommand();
                upsert.Transaction = transaction;
                upsert.CommandText = "INSERT INTO calls (key, agent, writes) VALUES ($key, $agent, 1) ON CONFLICT(key) DO UPDATE SET agent = excluded.agent, writes = writes + 1;";
                upsert.Parameters.AddWithValue("$key", record.Key);
                upsert.Parameters.AddWithValue("$agent", record.Agent);
                upsert.ExecuteNonQuery();
                outcomes.Add(RecordOutcome.Written(record.Key, record.Key));
            }

            transaction.Commit();
        }

        return outcomes;
    }

    public void Dispose() => _connection.Dispose();
}

internal sealed class ConsoleProgress : IProgress<SyncProgress>
{
    public void Report(SyncProgress value)
    {
        Console.WriteLine($"progress {value.Written}");
        Console.Out.Flush();
    }
}
