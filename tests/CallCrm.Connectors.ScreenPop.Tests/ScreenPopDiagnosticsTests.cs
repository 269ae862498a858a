using CallCrm.Connectors.Diagnostics;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Testing;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static CallCrm.Connectors.ScreenPop.Tests.ScreenPopTestHost;

namespace CallCrm.Connectors.ScreenPop.Tests;

/// <summary>What operators see: logs that never hold a phone number, and the lookups counter by cache source.</summary>
[TestFixture]
public sealed class ScreenPopDiagnosticsTests
{
    [Test]
    public async Task LookupAsync_OutageAndStaleCard_LogsPseudonymsNeverNumbers()
    {
        await using var host = new ScreenPopTestHost(o => o.StaleWhileRevalidate = TimeSpan.Zero);
        var agent = User(CustomerDataRoles.Agent);
        await host.ScreenPop.LookupAsync(AliceNumber, agent);
        host.Crm.Fault = BackendFault.ServiceUnavailable;
        host.Time.Advance(TimeSpan.FromMinutes(2));

        await host.ScreenPop.LookupAsync("138 0013 8000", agent);
        await host.ScreenPop.LookupAsync(UnknownNumber, agent);
        await host.ScreenPop.PreloadAsync(SharedNumber);

        var logs = host.Logs.GetSnapshot().Where(r => r.Category?.StartsWith("CallCrm.Connectors.ScreenPop", StringComparison.Ordinal) == true).ToList();
        logs.Select(r => r.Id.Id).Should().BeEquivalentTo([7100, 7101, 7103]);
        logs.Should().OnlyContain(r => r.Message.Contains("hmac:", StringComparison.Ordinal));
        logs.Should().NotContain(r => r.Message.Contains("13800138000", StringComparison.Ordinal)
            || r.Message.Contains("13900139000", StringComparison.Ordinal) || r.Message.Contains("62345678", StringComparison.Ordinal));
    }

    [Test]
    public async Task LookupAsync_HitsMissesAndStaleCards_CountedBySource()
    {
        await using var host = new ScreenPopTestHost(o => o.StaleWhileRevalidate = TimeSpan.Zero);
        // The service is created on first use, after the collector starts listening for its meter's name.
        using var collector = new MetricCollector<long>(meterScope: null, CallCrmTelemetry.MeterNames.ScreenPop, "callcrm.screenpop.lookups");
        var agent = User(CustomerDataRoles.Agent);

        await host.ScreenPop.LookupAsync(AliceNumber, agent);
        await host.ScreenPop.LookupAsync(AliceNumber, agent);
        await host.ScreenPop.LookupAsync("anonymous", agent);
        host.Crm.Fault = BackendFault.ServiceUnavailable;
        host.Time.Advance(TimeSpan.FromMinutes(2));
        await host.ScreenPop.LookupAsync(AliceNumber, agent);

        collector.GetMeasurementSnapshot().Select(m => (string)m.Tags["callcrm.screenpop.source"]!)
            .Should().Equal("miss", "hit", "withheld", "stale_if_error");
    }
}
