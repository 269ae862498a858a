using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CallCrm.Connectors.Sync.Tests.Diagnostics;

public sealed class SyncLoggingTests : EngineTestBase
{
    [Test]
    public async Task RunOnceAsync_WithDeadLettersRetriesAndOutage_NeverLogsAPhoneNumber()
    {
        using var provider = new FakeLoggerProvider();
        using var factory = new LoggerFactory([provider], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        var records = Calls.Range(40);
        var source = new InMemoryCallSource();
        source.PutRange(records);
        var calls = 0;
        var sink = new RecordingCrmSink
        {
            RecordFailure = r => r.SourceId == "call-000005" ? new ConnectorError { Code = ConnectorErrorCode.ValidationFailed, TechnicalDetail = "bad subject" } : null,
            BeforeWrite = (_, _) => Interlocked.Increment(ref calls) == 2
                ? throw new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.ServiceUnavailable, IsTransient = true })
                : ValueTask.CompletedTask,
        };
        await using var engine = new SyncEngine(Store, Time, factory);
        var stream = engine.AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = FastOptions(o => o.MaxBatchSize = 10) });

        await stream.RunOnceAsync();

        var logs = provider.Collector.GetSnapshot();
        logs.Should().Contain(l => l.Message.Contains("dead-lettered", StringComparison.Ordinal));
        logs.Should().Contain(l => l.Message.Contains("retrying", StringComparison.Ordinal));
        foreach (var record in records)
        {
            var digits = new string(record.From.Raw!.Where(char.IsDigit).ToArray());
            logs.Should().NotContain(l => new string(l.Message.Where(char.IsDigit).ToArray()).Contains(digits, StringComparison.Ordinal), "phone numbers are personal data");
        }
    }

    [Test]
    public async Task RunOnceAsync_SinkRefusesTheCredentials_LogsAWarningWithTheFriendlyMessageAndNoStackTrace()
    {
        using var provider = new FakeLoggerProvider();
        using var factory = new LoggerFactory([provider], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        var source = new InMemoryCallSource();
        source.PutRange(Calls.Range(3));
        var refused = new ConnectorError { Code = ConnectorErrorCode.AuthenticationFailed, SystemName = "Test CRM", HttpStatus = 401, TechnicalDetail = "HTTP 401" };
        var sink = new RecordingCrmSink { BeforeWrite = (_, _) => throw new ConnectorException(refused) };
        await using var engine = new SyncEngine(Store, Time, factory);
        var stream = engine.AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = FastOptions() });

        var run = async () => await stream.RunOnceAsync();

        await run.Should().ThrowAsync<ConnectorException>();
        var logs = provider.Collector.GetSnapshot();
        logs.Should().NotContain(l => l.Level >= LogLevel.Error, "a refused credential is expected and said by its error, not a crash");
        var failed = logs.Should().ContainSingle(l => l.Message.Contains("of stream calls failed", StringComparison.Ordinal)).Subject;
        failed.Level.Should().Be(LogLevel.Warning);
        failed.Exception.Should().BeNull();
        failed.Message.Should().Contain("AUTHENTICATION_FAILED").And.Contain(refused.GetUserMessage()).And.Contain("HTTP 401");
    }

    [Test]
    public async Task RunOnceAsync_SinkThrowsAnUnexpectedException_LogsAnErrorWithTheException()
    {
        using var provider = new FakeLoggerProvider();
        using var factory = new LoggerFactory([provider], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        var source = new InMemoryCallSource();
        source.PutRange(Calls.Range(3));
        var sink = new RecordingCrmSink { BeforeWrite = (_, _) => throw new InvalidOperationException("a bug in the sink") };
        await using var engine = new SyncEngine(Store, Time, factory);
        var stream = engine.AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = FastOptions() });

        var run = async () => await stream.RunOnceAsync();

        // The engine wraps what it did not anticipate as UNKNOWN, keeping the original as the inner exception.
        (await run.Should().ThrowAsync<ConnectorException>()).Which.InnerException.Should().BeOfType<InvalidOperationException>();
        var failed = provider.Collector.GetSnapshot().Should().ContainSingle(l => l.Message.Contains("of stream calls failed", StringComparison.Ordinal)).Subject;
        failed.Level.Should().Be(LogLevel.Error);
        failed.Exception!.InnerException.Should().BeOfType<InvalidOperationException>();
    }
}
