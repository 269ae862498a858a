using CallCrm.Connectors.HubSpot;
using CallCrm.Connectors.IntegrationTests.Infrastructure;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.Twilio;
using CallCrm.Connectors.VendorSimulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCrm.Connectors.IntegrationTests;

/// <summary>Two Twilio accounts and two HubSpot portals in one host, each registered under its own name against its own
/// simulator (its own Account SID, auth token and HubSpot token): a stream per region picks its source and sink by name.</summary>
public sealed class MultipleAccountsTests : SimulatorFixture
{
    [Test]
    [CancelAfter(120_000)]
    public async Task TwoTwilioAccountsAndTwoHubSpotPortals_EachStreamSyncsWithItsOwnCredentialsAndLimits(CancellationToken cancellationToken)
    {
        await using var eu = await VendorSimulatorHost.StartAsync(
            new SimulatorOptions { Calls = 40, Contacts = 20, Seed = 5, SeedAnchor = Anchor, TimeProvider = Time, HubSpotTier = VendorSimulator.HubSpot.HubSpotTier.FreeOrStarter },
            cancellationToken);
        await using var us = await VendorSimulatorHost.StartAsync(
            new SimulatorOptions
            {
                Calls = 65,
                Contacts = 20,
                Seed = 6,
                SeedAnchor = Anchor,
                TimeProvider = Time,
                TwilioAccountSid = "AC" + new string('7', 32),
                TwilioAuthToken = "us-twilio-auth-token-0123456789abcdef",
                HubSpotAccessToken = "pat-us-0123456789abcdef",
                HubSpotTier = VendorSimulator.HubSpot.HubSpotTier.ApiLimitIncrease,
            },
            cancellationToken);

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        AddAccount(services, "twilio-eu", "portal-eu", eu, HubSpotAccountTier.FreeOrStarter);
        AddAccount(services, "twilio-us", "portal-us", us, HubSpotAccountTier.ApiLimitIncrease);
        services.AddSqliteStateStore(o => o.DataSource = StatePath);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var store = provider.GetRequiredService<SqliteStateStore>();
        await store.InitializeAsync(cancellationToken);

        SyncRunReport euReport;
        SyncRunReport usReport;
        await using (var engine = new SyncEngine(store, Time, NullLoggerFactory.Instance))
        {
            var euStream = engine.AddCallLogStream(new CallLogStreamDefinition(
                "eu", provider.GetRequiredKeyedService<ICallSource>("twilio-eu"), provider.GetRequiredKeyedService<ICrmSink>("portal-eu")));
            var usStream = engine.AddCallLogStream(new CallLogStreamDefinition(
                "us", provider.GetRequiredKeyedService<ICallSource>("twilio-us"), provider.GetRequiredKeyedService<ICrmSink>("portal-us")));
            euReport = await ClockPump.RunAsync(Time, () => euStream.RunOnceAsync(cancellationToken: cancellationToken));
            usReport = await ClockPump.RunAsync(Time, () => usStream.RunOnceAsync(cancellationToken: cancellationToken));
        }

        // Each simulator refuses the other's Account SID, auth token and HubSpot token, so every call written proves the
        // stream used its own account's credentials end to end.
        euReport.Written.Should().BeGreaterThan(20, euReport.Message);
        usReport.Written.Should().BeGreaterThan(euReport.Written, usReport.Message);
        eu.GetState().HubSpotCalls.Should().Be((int)euReport.Written);
        us.GetState().HubSpotCalls.Should().Be((int)usReport.Written);
        eu.GetState().HubSpotDuplicateCalls.Should().Be(0);
        us.GetState().HubSpotDuplicateCalls.Should().Be(0);

        var euSink = provider.GetRequiredKeyedService<ICrmSink>("portal-eu");
        var usSink = provider.GetRequiredKeyedService<ICrmSink>("portal-us");
        euSink.Name.Should().Be("portal-eu");
        usSink.Name.Should().Be("portal-us");
        provider.GetRequiredKeyedService<ICallSource>("twilio-us").Name.Should().Be("twilio-us");
        var hubSpotOptions = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<HubSpotOptions>>();
        HubSpotRateLimits.For(hubSpotOptions.Get("portal-eu")).PermitLimit.Should().Be(HubSpotRateLimits.BurstLimit(HubSpotAccountTier.FreeOrStarter));
        HubSpotRateLimits.For(hubSpotOptions.Get("portal-us")).PermitLimit.Should().Be(HubSpotRateLimits.BurstLimit(HubSpotAccountTier.ApiLimitIncrease));
        provider.GetRequiredService<ICrmSink>().Should().BeSameAs(euSink, "the first portal registered is also the unkeyed sink");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CheckConnection_OnePortalsTokenIsWrong_OnlyThatPortalReportsAuthenticationFailed(CancellationToken cancellationToken)
    {
        await using var simulator = await VendorSimulatorHost.StartAsync(new SimulatorOptions { Calls = 1, Contacts = 1 }, cancellationToken);
        var services = new ServiceCollection();
        AddAccount(services, "twilio", "good", simulator, HubSpotAccountTier.Professional);
        services.AddHubSpotCrm("wrong", o =>
        {
            o.BaseAddress = simulator.BaseAddress;
            o.AccessToken = new Secret("pat-revoked-0000");
            o.AllowInsecureLoopback = true;
        });
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var good = await ((IConnectionCheck)provider.GetRequiredKeyedService<ICrmSink>("good")).CheckConnectionAsync(cancellationToken);
        var wrong = await ((IConnectionCheck)provider.GetRequiredKeyedService<ICrmSink>("wrong")).CheckConnectionAsync(cancellationToken);
        var twilio = await provider.GetRequiredKeyedService<TwilioCallSource>("twilio").CheckConnectionAsync(cancellationToken);

        good.Should().BeNull();
        twilio.Should().BeNull();
        wrong.Should().NotBeNull();
        wrong!.Code.Should().Be(Errors.ConnectorErrorCode.AuthenticationFailed);
        wrong.GetUserMessage(System.Globalization.CultureInfo.InvariantCulture).Should().Contain("HubSpot");
    }

    private static void AddAccount(IServiceCollection services, string twilioName, string portalName, VendorSimulatorHost simulator, HubSpotAccountTier tier)
    {
        services.AddTwilioCallSource(twilioName, o =>
        {
            o.AccountSid = simulator.Options.TwilioAccountSid;
            o.AuthToken = new Secret(simulator.Options.TwilioAuthToken);
            o.BaseAddress = simulator.BaseAddress;
            o.AllowInsecureLoopback = true;
            o.InitialLookback = TimeSpan.FromDays(32);
        });
        services.AddHubSpotCrm(portalName, o =>
        {
            o.BaseAddress = simulator.BaseAddress;
            o.AccessToken = new Secret(simulator.Options.HubSpotAccessToken);
            o.AllowInsecureLoopback = true;
            o.Tier = tier;
        });
    }
}
