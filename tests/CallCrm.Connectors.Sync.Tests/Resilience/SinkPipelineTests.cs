using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Sync.Resilience;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using Polly;
using Polly.Registry;
using Polly.Retry;

namespace CallCrm.Connectors.Sync.Tests.Resilience;

/// <summary>The engine's pipeline around a sink: its attempt timeout nests outside the sink's request budget, a vendor wait
/// longer than a retry may take sends the batch to the outbox, and a pipeline registered in Polly's registry replaces it.</summary>
public sealed class SinkPipelineTests : EngineTestBase
{
    [Test]
    public void AddCallLogStream_AttemptTimeoutNotLongerThanTheSinksRequestTimeout_IsRefusedNamingBothSettingsAndTheFix()
    {
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 10, RequestTimeout = TimeSpan.FromSeconds(60) } };
        var options = FastOptions(o => o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(30));

        var act = () => NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", new InMemoryCallSource(), sink) { Options = options });

        act.Should().Throw<ArgumentException>().Which.Message.Should()
            .Contain("Resilience.AttemptTimeout (00:00:30)")
            .And.Contain("TotalRequestTimeout")
            .And.Contain("00:01:00")
            .And.Contain("CallCrm:Streams:calls:Sync:Resilience:AttemptTimeout");
    }

    [Test]
    public void AddCallLogStream_AttemptTimeoutLongerThanTheSinksRequestTimeout_IsAccepted()
    {
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 10, RequestTimeout = TimeSpan.FromSeconds(60) } };

        var stream = NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", new InMemoryCallSource(), sink) { Options = new SyncOptions() });

        stream.Options.Resilience.AttemptTimeout.Should().BeGreaterThan(sink.Capabilities.RequestTimeout!.Value, "the defaults nest");
    }

    [Test]
    public async Task RunOnceAsync_RetryAfterLongerThanTheLongestRetryDelay_BuffersTheBatchWithoutWaitingOrRetrying()
    {
        var source = new InMemoryCallSource();
        source.Put(Calls.Make(1));
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 10, MaxConcurrency = 1, SupportsUpsertByExternalId = true } };
        sink.BeforeWrite = (_, _) => throw new ConnectorException(new ConnectorError
        {
            Code = ConnectorErrorCode.RateLimited,
            IsTransient = true,
            RetryAfter = TimeSpan.FromMinutes(10),
        });
        var stream = NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = FastOptions() });

        // The fake clock never moves: a run that waited for the vendor's ten minutes (or any retry delay) would never end, so
        // ending at all proves nothing waited. (Advancing the clock while the run works made the elapsed time depend on how
        // busy the machine was.) The real-time bound only stops a hang.
        var report = await stream.RunOnceAsync().WaitAsync(TimeSpan.FromMinutes(2));

        report.Retried.Should().Be(0, "the vendor asked for ten minutes, longer than a retry may wait (MaxRetryDelay)");
        report.Buffered.Should().Be(1);
        (await stream.GetHealthAsync()).LastError!.RetryAfter.Should().Be(TimeSpan.FromMinutes(10));
    }

    [Test]
    public async Task RunOnceAsync_PipelineRegisteredUnderTheStreamsKey_ReplacesTheDefault()
    {
        var source = new InMemoryCallSource();
        source.Put(Calls.Make(1));
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 10, MaxConcurrency = 1, SupportsUpsertByExternalId = true } };
        var failures = 0;
        sink.BeforeWrite = (_, _) => Interlocked.Increment(ref failures) <= 5
            ? throw new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.ServiceUnavailable, IsTransient = true })
            : ValueTask.CompletedTask;
        var registry = new ResiliencePipelineRegistry<string>();
        registry.TryAddBuilder(SinkResiliencePipelines.KeyFor("calls"), (builder, _) => builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 5,
            Delay = TimeSpan.Zero,
            ShouldHandle = new PredicateBuilder().Handle<ConnectorException>(),
        })).Should().BeTrue();
        await using var engine = new SyncEngine(Store, Time) { ResiliencePipelines = registry };
        var stream = engine.AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = FastOptions() });

        var report = await stream.RunOnceAsync();

        report.Written.Should().Be(1, "the registered pipeline retries five times where the stream's options allow two");
        report.Buffered.Should().Be(0);
        sink.Calls.Should().Be(6);
    }
}
