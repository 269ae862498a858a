using CallCrm.Connectors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CallCrm.Connectors.Hosting.Tests;

public sealed class ConnectorHealthCheckTests : HostFixture
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    [Test]
    public async Task CheckHealth_CheckpointLagCrossesThresholds_GoesDegradedThenUnhealthy()
    {
        AddCalls(5, before: TimeSpan.FromMinutes(1));
        using var host = await StartManualHostAsync();
        var streams = host.Services.GetRequiredService<ConnectorStreams>();
        await streams.GetCallLogStream("calls").RunOnceAsync();

        var fresh = await CheckAsync(host);
        Time.Advance(TimeSpan.FromMinutes(20));
        var degraded = await CheckAsync(host);
        Time.Advance(TimeSpan.FromHours(2));
        var unhealthy = await CheckAsync(host);

        fresh.Status.Should().Be(HealthStatus.Healthy);
        degraded.Status.Should().Be(HealthStatus.Degraded);
        degraded.Description.Should().Contain("Stream 'calls' Degraded: the checkpoint trails the clock");
        unhealthy.Status.Should().Be(HealthStatus.Unhealthy);
        unhealthy.Data.Should().ContainKey("calls.checkpoint_lag_seconds");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task CheckHealth_SourceUnreachableForThreeRuns_DegradedThenUnhealthy(CancellationToken cancellationToken)
    {
        AddCalls(3, before: TimeSpan.FromMinutes(1));
        CallSystem.Fault = BackendFault.CredentialsRejected;
        using var host = NewHostBuilder(c => c.AddCallLogStream("calls", "calls", "crm", s => s.Sync.PollInterval = PollInterval)).Build();
        await host.StartAsync(cancellationToken);

        var first = await CheckAfterFailedRunAsync(host, 1, cancellationToken);
        var second = await CheckAfterFailedRunAsync(host, 2, cancellationToken);
        var third = await CheckAfterFailedRunAsync(host, 3, cancellationToken);

        Failures(first).Should().Be(1);
        first.Status.Should().Be(HealthStatus.Degraded);
        first.Description.Should().Contain("1 run(s) in a row failed");
        Failures(second).Should().Be(2);
        second.Status.Should().Be(HealthStatus.Degraded, "two failed runs in a row are below the unhealthy threshold of three");
        Failures(third).Should().Be(3);
        third.Status.Should().Be(HealthStatus.Unhealthy);
        await host.StopAsync(cancellationToken);
    }

    [Test]
    public async Task CheckHealth_CrmDownAndRecordsBuffered_DegradedByDepthThenUnhealthyByAge()
    {
        AddCalls(4, before: TimeSpan.FromMinutes(1));
        Crm.Fault = BackendFault.ServiceUnavailable;
        // No retries and no end-of-run drain rounds: the first transient failure sends the batch to the outbox, and the run ends
        // without waiting on the fake clock for the CRM to come back.
        using var host = await StartManualHostAsync(s =>
        {
            s.Sync.Resilience.MaxRetryAttempts = 0;
            s.Sync.OutboxFinalDrainTimeout = TimeSpan.Zero;
        });
        var streams = host.Services.GetRequiredService<ConnectorStreams>();
        var report = await streams.GetCallLogStream("calls").RunOnceAsync();

        var buffered = await CheckAsync(host);
        Time.Advance(TimeSpan.FromMinutes(61));
        var stale = await CheckAsync(host);

        report.Buffered.Should().Be(4);
        buffered.Status.Should().Be(HealthStatus.Degraded);
        buffered.Description.Should().Contain("4 record(s) wait in the outbox");
        buffered.Data["calls.outbox_depth"].Should().Be(4L);
        stale.Status.Should().Be(HealthStatus.Unhealthy);
        stale.Description.Should().Contain("Stream 'calls' Unhealthy: the oldest buffered record has waited");
    }

    private async Task<IHost> StartManualHostAsync(Action<ConnectorStreamOptions>? configure = null)
    {
        var builder = NewHostBuilder(c => c.AddCallLogStream("calls", "calls", "crm", configure).Configure(o => o.RunStreams = false));
        builder.Services.AddHealthChecks().AddCallCrmConnectors();
        var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<ConnectorStreams>().InitializeAsync();
        return host;
    }

    private static async Task<HealthCheckResult> CheckAsync(IHost host)
    {
        var check = host.Services.GetRequiredService<ConnectorStreams>();
        var registration = new HealthCheckRegistration("callcrm", new Health.ConnectorHealthCheck(check), HealthStatus.Unhealthy, null);
        return await registration.Factory(host.Services).CheckHealthAsync(new HealthCheckContext { Registration = registration });
    }

    private static int Failures(HealthCheckResult result) =>
        result.Data.TryGetValue("calls.consecutive_failures", out var n) ? (int)n : 0;

    /// <summary>Checks health once the hosted loop's <paramref name="run"/>-th run has failed: the loop counts the failure before it
    /// starts waiting the poll interval, so the check runs when that wait exists; the clock then moves to end the wait when the next run
    /// is wanted.</summary>
    private async Task<HealthCheckResult> CheckAfterFailedRunAsync(IHost host, int run, CancellationToken cancellationToken)
    {
        if (run > 1)
        {
            Time.Advance(PollInterval);
        }

        await Time.WaitForTimersAsync(PollInterval, run, cancellationToken);
        return await CheckAsync(host);
    }
}
