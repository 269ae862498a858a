using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CallCrm.Connectors.Hosting.Tests;

/// <summary>The providers' <see cref="IConnectionCheck"/>: run once by the hosted service at start, and by the
/// <c>callcrm-connections</c> health check on demand.</summary>
public sealed class ConnectionCheckTests : HostFixture
{
    private static readonly ConnectorError Refused = new()
    {
        Code = ConnectorErrorCode.AuthenticationFailed,
        SystemName = "Test CRM",
        HttpStatus = 401,
        TechnicalDetail = "HTTP 401 INVALID_AUTHENTICATION",
    };

    [Test]
    [CancelAfter(30_000)]
    public async Task StartAsync_CrmSinkRefusesItsToken_LogsOneWarningWithTheFriendlyMessageAndNoStackTrace()
    {
        // No calls at all: the refusal must show even when there is nothing to write.
        using var logs = new FakeLoggerProvider();
        var sink = new CheckedCrmSink(new InMemoryCrmSink(Crm), Refused);
        var builder = NewHostBuilder(c => c.AddCallLogStream("calls", "calls", "crm").AddCallLogStream("more-calls", "calls", "crm"), _ => sink);
        builder.Logging.AddProvider(logs);
        using var host = builder.Build();

        await host.StartAsync();
        // Stopping waits for the start-up check, which runs beside the streams' loops.
        await host.StopAsync();

        var refusals = logs.Collector.GetSnapshot().Where(l => l.Message.Contains("cannot be used", StringComparison.Ordinal)).ToList();
        refusals.Should().ContainSingle("the sink is used by two streams but checked once");
        refusals[0].Level.Should().Be(LogLevel.Warning);
        refusals[0].Exception.Should().BeNull();
        refusals[0].Message.Should().Contain("CRM sink crm").And.Contain("AUTHENTICATION_FAILED").And.Contain(Refused.GetUserMessage());
        sink.Checks.Should().Be(1);
    }

    [Test]
    public async Task CheckHealth_OneProviderRefuses_UnhealthyNamingItWithTheFriendlyMessage()
    {
        var builder = NewHostBuilder(c => c.AddCallLogStream("calls", "calls", "crm").Configure(o => o.RunStreams = false), _ => new CheckedCrmSink(new InMemoryCrmSink(Crm), Refused));
        builder.Services.AddHealthChecks().AddCallCrmConnectorConnections();
        using var host = builder.Build();
        await host.StartAsync();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["callcrm-connections"];
        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Description.Should().Contain("CRM sink crm: " + Refused.GetUserMessage());
        entry.Data.Should().Contain("CRM sink:crm", "AUTHENTICATION_FAILED");
        await host.StopAsync();
    }

    [Test]
    public async Task CheckHealth_ProviderConnects_Healthy()
    {
        var builder = NewHostBuilder(c => c.AddCallLogStream("calls", "calls", "crm").Configure(o => o.RunStreams = false), _ => new CheckedCrmSink(new InMemoryCrmSink(Crm), null));
        builder.Services.AddHealthChecks().AddCallCrmConnectorConnections();
        using var host = builder.Build();
        await host.StartAsync();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        report.Entries["callcrm-connections"].Status.Should().Be(HealthStatus.Healthy);
        report.Entries["callcrm-connections"].Data.Should().Contain("CRM sink:crm", "ok");
        await host.StopAsync();
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RunLoop_SourceRefusesTheCredentials_LogsWarningsWithTheFriendlyMessageAndNoStackTrace(CancellationToken cancellationToken)
    {
        AddCalls(3, before: TimeSpan.FromMinutes(1));
        CallSystem.Fault = Testing.BackendFault.CredentialsRejected;
        using var logs = new FakeLoggerProvider();
        var builder = NewHostBuilder(c => c.AddCallLogStream("calls", "calls", "crm"));
        builder.Logging.AddProvider(logs);
        using var host = builder.Build();

        await host.StartAsync(cancellationToken);
        // The loop runs on its own task; its first failed run is logged without the fake clock moving.
        await logs.Collector.WaitForLogAsync(l => l.Message.StartsWith("Run of stream calls failed", StringComparison.Ordinal), cancellationToken);

        await host.StopAsync(cancellationToken);

        var failures = logs.Collector.GetSnapshot().Where(l => l.Message.Contains("failed", StringComparison.Ordinal) && l.Message.Contains("calls", StringComparison.Ordinal)).ToList();
        failures.Should().NotBeEmpty();
        failures.Should().OnlyContain(l => l.Level == LogLevel.Warning && l.Exception == null, "a refused credential is an expected failure, described by its error");
        failures.Should().Contain(l => l.Message.Contains("AUTHENTICATION_FAILED", StringComparison.Ordinal));
    }

    /// <summary>A CRM sink that answers the connection check with a fixed result and counts the checks.</summary>
    private sealed class CheckedCrmSink(ICrmSink inner, ConnectorError? answer) : ICrmSink, IConnectionCheck
    {
        private int checks;

        public int Checks => checks;

        public string Name => inner.Name;

        public SinkCapabilities Capabilities => inner.Capabilities;

        public ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(batch, cancellationToken);

        public ValueTask<ConnectorError?> CheckConnectionAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref checks);
            return ValueTask.FromResult(answer);
        }
    }
}
