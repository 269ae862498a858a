using System.Globalization;
using System.Runtime.CompilerServices;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.Sync.Transforms;
using NodaTime;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>What the engine benchmarks run: a generated call source, normalization, mapping, the ledger and checkpoints on a SQLite file, a counting sink.</summary>
internal static class EngineBenchmarkSetup
{
    public static readonly Instant Epoch = Instant.FromUtc(2025, 1, 1, 0, 0);

    public static SyncOptions Options() => new()
    {
        MaxBatchSize = 1_000,
        MaxConcurrency = 2,
        ChannelCapacity = 10_000,
        LookBack = TimeSpan.Zero,
    };

    public static async Task<(SqliteStateStore Store, SyncEngine Engine, CallLogSync Stream)> CreateAsync(string directory, int count, bool sinkDown)
    {
        var (store, engine, stream, _) = await CreateWithSinkAsync(directory, count, sinkDown).ConfigureAwait(false);
        return (store, engine, stream);
    }

    /// <summary>Like <see cref="CreateAsync"/>, also returning the sink, whose <see cref="CountingSink.Down"/> can be switched.</summary>
    public static async Task<(SqliteStateStore Store, SyncEngine Engine, CallLogSync Stream, CountingSink Sink)> CreateWithSinkAsync(string directory, int count, bool sinkDown)
    {
        var store = new SqliteStateStore(new SqliteStateStoreOptions { DataSource = Path.Combine(directory, "state.db") });
        await store.InitializeAsync().ConfigureAwait(false);
        var engine = new SyncEngine(store);
        var normalizer = new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = "CN" });
        var options = Options();
        options.Resilience.RetryBaseDelay = TimeSpan.Zero;
        options.Resilience.MaxRetryAttempts = 1;
        var sink = new CountingSink(sinkDown);
        var stream = engine.AddCallLogStream(new CallLogStreamDefinition("bench", new GeneratedCallSource(count), sink)
        {
            Options = options,
            Transforms = [new PhoneNumberTransform(normalizer), new AgentMapping()],
        });
        return (store, engine, stream, sink);
    }

    /// <summary>Calls 0..count-1, 10 ms apart, generated on the fly so the source itself holds no memory; 5,000 distinct callers.</summary>
    internal sealed class GeneratedCallSource(int count) : ICallSource
    {
        public string Name => "generated";

        public SourceCapabilities Capabilities { get; } = new(SourceOrdering.StartTime);

        public async IAsyncEnumerable<SourceItem<CallRecord>> ReadAsync(ReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var after = request.Since as WatermarkCheckpoint ?? WatermarkCheckpoint.Start;
            for (var i = 0; i < count; i++)
            {
                var record = new CallRecord
                {
                    SourceSystem = "generated",
                    SourceId = i.ToString("D9", CultureInfo.InvariantCulture),
                    Direction = CallDirection.Inbound,
                    From = new PhoneNumber(string.Concat("138", (i % 5_000).ToString("D8", CultureInfo.InvariantCulture))),
                    To = new PhoneNumber("+862165529988", "+862165529988"),
                    Agent = "  agent " + (i % 40).ToString(CultureInfo.InvariantCulture),
                    StartedAt = Epoch + Duration.FromMilliseconds(10L * i),
                    Status = CallStatus.Completed,
                };
                if (after.IsBefore(record.StartedAt, record.SourceId))
                {
                    yield return new SourceItem<CallRecord>(record, new WatermarkCheckpoint(record.StartedAt, record.SourceId));
                }

                if ((i & 1023) == 0)
                {
                    await Task.Yield();
                }
            }
        }
    }

    /// <summary>A field mapping: trims the agent name, as a CRM mapping would.</summary>
    internal sealed class AgentMapping : IRecordTransform<CallRecord>
    {
        public CallRecord Transform(CallRecord record) => record.Agent is { } agent ? record with { Agent = agent.Trim() } : record;
    }

    /// <summary>A CRM that only counts: keeps nothing, so memory shows the engine alone.</summary>
    internal sealed class CountingSink(bool down) : ICrmSink
    {
        private long _written;

        /// <summary>Gets or sets whether the CRM is down (every write fails as transient, so records go to the outbox).</summary>
        public bool Down { get; set; } = down;

        public string Name => "counting";

        public SinkCapabilities Capabilities { get; } = new() { MaxBatchSize = 1_000, MaxConcurrency = 2, SupportsUpsertByExternalId = true };

        public long Written => Interlocked.Read(ref _written);

        public ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default)
        {
            if (Down)
            {
                throw new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.ServiceUnavailable, IsTransient = true });
            }

            var outcomes = new RecordOutcome[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                outcomes[i] = RecordOutcome.Written(batch[i].Key);
            }

            Interlocked.Add(ref _written, batch.Count);
            return ValueTask.FromResult<IReadOnlyList<RecordOutcome>>(outcomes);
        }
    }
}
