using CallCrm.Connectors.Errors;
using CallCrm.Connectors.HubSpot.Tests.Infrastructure;
using CallCrm.Connectors.Http;
using CallCrm.Connectors.Http.RateLimiting;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.HubSpot.Tests.DependencyInjection;

/// <summary><c>AddHubSpotCrm</c>: named portals, options read when first used (never while registering), and the
/// rate limiter sized from the options as configured by then.</summary>
public sealed class HubSpotServiceCollectionExtensionsTests
{
    private const string Token = "pat-na1-00000000-0000-0000-0000-000000000042";

    [Test]
    public void AddHubSpotCrm_ConfigureDelegate_RunsOnceWhenTheOptionsAreFirstRead()
    {
        var runs = 0;
        var services = new ServiceCollection();
        services.AddHubSpotCrm(o =>
        {
            runs++;
            o.AccessToken = new Secret(Token);
        });
        var atRegistration = runs;
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<ICrmSink>();
        provider.GetRequiredService<ICustomerSource>();
        provider.GetRequiredService<System.Net.Http.IHttpClientFactory>().CreateClient(HubSpotOptions.HttpClientName).Dispose();

        atRegistration.Should().Be(0, "registering reads no options");
        runs.Should().Be(1, "the options are created once and shared by the providers, the HTTP client and its limiter");
    }

    [TestCase(null)]
    [TestCase("portal-eu")]
    public void AddHubSpotCrm_HttpClientReadsHubSpotsRemainingRequestsHeader(string? name)
    {
        // Http knows no vendor: HubSpot hands its client the reader of X-HubSpot-RateLimit-Remaining, so the limiter pauses
        // when HubSpot says the window is spent (another integration sharing the account used it).
        var services = new ServiceCollection();
        if (name is null)
        {
            services.AddHubSpotCrm(o => o.AccessToken = new Secret(Token));
        }
        else
        {
            services.AddHubSpotCrm(name, o => o.AccessToken = new Secret(Token));
        }

        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IOptionsMonitor<ConnectorHttpClientOptions>>()
            .Get(name is null ? HubSpotOptions.HttpClientName : HubSpotOptions.HttpClientNameOf(name));
        using var response = new System.Net.Http.HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("X-HubSpot-RateLimit-Remaining", "3");

        client.RemainingRequestsReader.Should().NotBeNull();
        client.RemainingRequestsReader!(response.Headers).Should().Be(3);
    }

    [Test]
    public void AddHubSpotCrm_OptionsConfiguredAfterRegistration_AreTheOnesTheProvidersUse()
    {
        var services = new ServiceCollection();
        services.AddHubSpotCrm(o =>
        {
            o.AccessToken = new Secret(Token);
            o.Tier = HubSpotAccountTier.FreeOrStarter;
        });
        services.Configure<HubSpotOptions>(HubSpotOptions.DefaultName, o => o.Tier = HubSpotAccountTier.ApiLimitIncrease);
        using var provider = services.BuildServiceProvider();

        HubSpotRateLimits.For(provider.GetRequiredService<IOptionsMonitor<HubSpotOptions>>().Get(HubSpotOptions.DefaultName)).PermitLimit.Should().Be(250);
    }

    [Test]
    public void AddHubSpotCrm_TwoNamedPortals_EachHasItsOwnOptionsClientAndProviders()
    {
        var services = new ServiceCollection();
        var eu = services.AddHubSpotCrm("portal-eu", o =>
        {
            o.AccessToken = new Secret(Token);
            o.Tier = HubSpotAccountTier.FreeOrStarter;
        });
        var us = services.AddHubSpotCrm("portal-us", o =>
        {
            o.AccessToken = new Secret(Token + "-us");
            o.Tier = HubSpotAccountTier.Enterprise;
        });
        using var provider = services.BuildServiceProvider();

        var euSink = provider.GetRequiredKeyedService<ICrmSink>("portal-eu");
        var usSink = provider.GetRequiredKeyedService<ICrmSink>("portal-us");
        var monitor = provider.GetRequiredService<IOptionsMonitor<HubSpotOptions>>();

        eu.Name.Should().Be("hubspot.portal-eu");
        us.Name.Should().Be(HubSpotOptions.HttpClientNameOf("portal-us"));
        euSink.Name.Should().Be("portal-eu");
        usSink.Name.Should().Be("portal-us");
        HubSpotRateLimits.For(monitor.Get("portal-eu")).PermitLimit.Should().Be(100);
        HubSpotRateLimits.For(monitor.Get("portal-us")).PermitLimit.Should().Be(190);
        monitor.Get("portal-us").AccessToken!.Reveal().Should().EndWith("-us");
        provider.GetRequiredKeyedService<ICustomerSource>("portal-us").Name.Should().Be("portal-us");
        provider.GetRequiredService<ICrmSink>().Should().BeSameAs(euSink, "the first portal registered is also the unkeyed one");
    }

    [Test]
    public void AddHubSpotCrm_SameNameTwice_ThrowsNamingThePortal()
    {
        var services = new ServiceCollection();
        services.AddHubSpotCrm("portal-eu", o => o.AccessToken = new Secret(Token));

        var again = () => services.AddHubSpotCrm("portal-eu", o => o.AccessToken = new Secret(Token));

        again.Should().Throw<InvalidOperationException>().WithMessage("*'portal-eu'*");
    }

    [TestCase(false, TestName = "AddHubSpotCrm_TierAsRegistered_LimiterHoldsTheRequestAfterTheTiersBurstLimit")]
    [TestCase(true, TestName = "AddHubSpotCrm_TierRaisedAfterRegistration_LimiterIsSizedFromTheRaisedTier")]
    [CancelAfter(60_000)]
    public async Task AddHubSpotCrm_RequestsInOneWindow_LimiterFollowsTheOptionsAsFinallyConfigured(bool raiseTierAfterRegistration, CancellationToken cancellationToken)
    {
        // The fake clock stands still, so every request falls into one 10-second window. With room for one waiting
        // request and no retry, two requests over the limiter's permit count end one waiting and one refused at once:
        // which shows how the limiter was sized.
        await using var harness = await HubSpotHarness.StartAsync(contacts: 1, configure: o => o.Tier = HubSpotAccountTier.FreeOrStarter, http: h =>
        {
            if (raiseTierAfterRegistration)
            {
                h.Builder.Services.Configure<HubSpotOptions>(HubSpotOptions.DefaultName, o => o.Tier = HubSpotAccountTier.ApiLimitIncrease);
            }

            h.Builder.Services.Configure<ConnectorRateLimitOptions>(h.Builder.Name, o => o.QueueLimit = 1);
            h.Builder.Services.Configure<ConnectorHttpClientOptions>(h.Builder.Name, o => o.Retry.MaxRetryAttempts = 0);
        });
        var check = (IConnectionCheck)harness.Sink;
        var freeTierLimit = HubSpotRateLimits.BurstLimit(HubSpotAccountTier.FreeOrStarter);
        for (var i = 0; i < freeTierLimit; i++)
        {
            (await check.CheckConnectionAsync(cancellationToken)).Should().BeNull();
        }

        var over = new[] { check.CheckConnectionAsync(cancellationToken).AsTask(), check.CheckConnectionAsync(cancellationToken).AsTask() };
        var first = await Task.WhenAny(over);

        if (raiseTierAfterRegistration)
        {
            (await Task.WhenAll(over)).Should().OnlyContain(e => e == null, "250 requests fit in the window of the raised tier");
        }
        else
        {
            (await first)!.Code.Should().Be(ConnectorErrorCode.RateLimited);
            over.Single(t => t != first).IsCompleted.Should().BeFalse("it waits for a permit of the next window, and the clock stands still");
        }
    }
}
