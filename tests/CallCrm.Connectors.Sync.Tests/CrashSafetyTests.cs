using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Tests.TestProviders;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>Stops the engine abruptly at random moments against a sink that fails at random, and checks that nothing is lost or doubled.</summary>
public sealed class CrashSafetyTests : EngineTestBase
{
    private const int RecordCount = 10_000;

    [Test]
    public async Task RunOnceAsync_RandomStopsAndFlakySink_EveryGoodRecordOnceBadOnesDeadLetteredCheckpointAtLast()
    {
        var random = new Random(20261125);
        var records = Calls.Range(RecordCount);
        var bad = records.Where((_, i) => i % 101 == 7).Select(r => r.Key).ToHashSet();
        var source = new InMemoryCallSource();
        source.PutRange(records);
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 100, MaxConcurrency = 4, SupportsUpsertByExternalId = true } };
        sink.RecordFailure = r =>
        {
            if (bad.Contains(r.Key))
            {
                return new ConnectorError { Code = ConnectorErrorCode.ValidationFailed, HttpStatus = 422, TechnicalDetail = "rejected" };
            }

            lock (random)
            {
                return random.NextDouble() < 0.03 ? new ConnectorError { Code = ConnectorErrorCode.RateLimited, IsTransient = true, HttpStatus = 429 } : null;
            }
        };

        CancellationTokenSource? crash = null;
        sink.BeforeWrite = (_, _) =>
        {
            lock (random)
            {
                if (random.NextDouble() < 0.02)
                {
                    throw new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.ServiceUnavailable, IsTransient = true, HttpStatus = 503 });
                }
            }

            return ValueTask.CompletedTask;
        };
        sink.AfterWrite = _ =>
        {
            // The "process dies" just after the CRM took a batch, before the engine could record it.
            lock (random)
            {
                if (random.NextDouble() < 0.05)
                {
                    crash?.Cancel();
                }
            }
        };

        var stops = 0;
        var completed = false;
        for (var attempt = 0; attempt < 300 && !completed; attempt++)
        {
            if (attempt % 5 == 4)
            {
                await RestartStoreAsync();
            }

            await using var engine = new SyncEngine(Store, Time);
            var stream = engine.AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = FastOptions() });
            using var cts = new CancellationTokenSource();
            crash = cts;
            var stopAtRead = random.Next(0, RecordCount);
            source.OnYield = (i, _) =>
            {
                if (i == stopAtRead)
                {
                    cts.Cancel();
                }

                return ValueTask.CompletedTask;
            };

            try
            {
                var report = await stream.RunOnceAsync(cancellationToken: cts.Token);
                completed = report.Buffered == 0 && (await Store.Outbox.GetStatisticsAsync("calls")).Depth == 0
                    && Equals(await Store.Checkpoints.GetAsync("calls"), InMemoryCallSource.PositionOf(records[^1]));
            }
            catch (OperationCanceledException)
            {
                stops++;
            }

            // Lets an open circuit close before the next start.
            Time.Advance(TimeSpan.FromMinutes(1));
        }

        completed.Should().BeTrue();
        stops.Should().BeGreaterThan(10, "the test must really have stopped the engine many times");
        // Sorted and compared in order: an unordered equivalence check of 10,000 items is quadratic.
        sink.Held.Keys.Order(StringComparer.Ordinal).Should().Equal(records.Select(r => r.Key).Where(k => !bad.Contains(k)).Order(StringComparer.Ordinal), "every good record is held, and only those");
        foreach (var record in records.Where(r => !bad.Contains(r.Key)))
        {
            // Records replayed from the outbox went through the contract serializer: compare content, not references.
            Sync.Internal.ContentHasher.Hash(sink.Held[record.Key]).Should().Be(Sync.Internal.ContentHasher.Hash(record), record.Key);
        }

        var dead = await Store.DeadLetters.ListAsync(new DeadLetterQuery("calls", MaxCount: 1_000));
        dead.Select(d => d.Message.Key).Order(StringComparer.Ordinal).Should().Equal(bad.Order(StringComparer.Ordinal), "each bad record is dead-lettered exactly once");
        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(records[^1]));

        // With an upserting sink a batch the CRM took just before a stop is sent again; nothing else is.
        var resentLimit = stops * 4 * 100;
        sink.Repeats.Should().BeLessThanOrEqualTo(resentLimit);
        TestContext.Out.WriteLine($"{stops} stops; {sink.Repeats} records sent again after a stop; {sink.Calls} sink calls");
    }
}
