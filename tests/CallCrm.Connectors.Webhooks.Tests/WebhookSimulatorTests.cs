using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.VendorSimulator;
using CallCrm.Connectors.VendorSimulator.Faults;
using CallCrm.Connectors.Webhooks.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Webhooks.Tests;

/// <summary>The sink against the VendorSimulator's call-system receiver (<c>POST /callsystem/tags</c>), in-process on 127.0.0.1.</summary>
public sealed class WebhookSimulatorTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private FakeTimeProvider clock = null!;
    private VendorSimulatorHost simulator = null!;
    private ServiceProvider provider = null!;
    private HttpClient http = null!;

    [SetUp]
    public async Task StartAsync()
    {
        // One clock for both sides: the receiver checks the signature's age against it.
        clock = SinkHost.NewClock();
        simulator = await VendorSimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Calls = 0, Contacts = 0, TimeProvider = clock });
        provider = Build(simulator.Options.CallSystemWebhookSecret);
        http = new HttpClient { BaseAddress = simulator.BaseAddress };
    }

    [TearDown]
    public async Task StopAsync()
    {
        http.Dispose();
        await provider.DisposeAsync();
        await simulator.DisposeAsync();
    }

    [Test]
    public async Task WriteAsync_NewUpdates_StoredOnceEachAndWritten()
    {
        var first = Updates.For("C-1", 1, new CustomerTag("vip"), new CustomerTag("language", "zh-CN"));
        var second = Updates.For("C-2", 4, new CustomerTag("complaint-risk"));

        var outcomes = await provider.Sink().WriteAsync([first, second]);

        outcomes.Should().Equal(RecordOutcome.Written(first.Key), RecordOutcome.Written(second.Key));
        simulator.GetState().TagsPushed.Should().Be(2);
        var stored = await GetTagsAsync("C-1");
        stored!["version"]!.GetValue<long>().Should().Be(1);
        stored["eventId"]!.GetValue<string>().Should().Be(WebhookEventId.For(first));
        stored["tags"]!.ToJsonString().Should().Be("""[{"name":"vip"},{"name":"language","value":"zh-CN"}]""");
    }

    [Test]
    public async Task WriteAsync_SameUpdateAgain_UnchangedAndAppliedOnce()
    {
        var update = Updates.For("C-1", 2);
        await provider.Sink().WriteAsync([update]);
        clock.Advance(TimeSpan.FromSeconds(30));

        var again = await provider.Sink().WriteAsync([update]);

        again.Should().Equal(RecordOutcome.Unchanged(update.Key));
        var state = simulator.GetState();
        state.TagsPushed.Should().Be(1);
        state.TagPushReplays.Should().Be(1);
    }

    [Test]
    public async Task WriteAsync_ResponseLostThenRetried_AppliedOnceAndRetryUnchanged()
    {
        // The receiver applies the push but the answer never arrives: exactly the case the event id exists for.
        simulator.ConfigureFaults(f => f with { CallSystem = new VendorFaults { LostResponseRate = 1 } });
        var update = Updates.For("C-1", 5, new CustomerTag("vip"));

        var lost = async () => await provider.Sink().WriteAsync([update]);

        (await lost.Should().ThrowAsync<ConnectorException>()).Which.IsTransient.Should().BeTrue();
        simulator.ConfigureFaults(f => f with { CallSystem = new VendorFaults() });
        clock.Advance(TimeSpan.FromSeconds(5));
        var retried = await provider.Sink().WriteAsync([update]);

        retried.Should().Equal(RecordOutcome.Unchanged(update.Key));
        simulator.GetState().TagsPushed.Should().Be(1);
        (await GetTagsAsync("C-1"))!["version"]!.GetValue<long>().Should().Be(5);
    }

    [Test]
    public async Task WriteAsync_OlderVersionAfterNewer_DoesNotOverwrite()
    {
        var newer = Updates.For("C-1", 9, new CustomerTag("vip"));
        var older = Updates.For("C-1", 8, new CustomerTag("churned"));
        await provider.Sink().WriteAsync([newer]);

        var outcomes = await provider.Sink().WriteAsync([older]);

        outcomes.Should().Equal(RecordOutcome.Unchanged(older.Key));
        var stored = await GetTagsAsync("C-1");
        stored!["version"]!.GetValue<long>().Should().Be(9);
        stored["tags"]!.ToJsonString().Should().Be("""[{"name":"vip"}]""");
    }

    [Test]
    public async Task WriteAsync_WrongSecret_ThrowsPermanentAuthenticationFailedWithFriendlyMessage()
    {
        await using var wrong = Build("not-the-simulator-secret-at-all");

        var act = async () => await wrong.Sink().WriteAsync([Updates.For("C-1", 1)]);

        var error = (await act.Should().ThrowAsync<ConnectorException>()).Which.Error;
        error.Code.Should().Be(ConnectorErrorCode.AuthenticationFailed);
        error.IsTransient.Should().BeFalse();
        error.HttpStatus.Should().Be(401);
        error.TechnicalDetail.Should().Contain("invalid_signature");
        var message = error.GetUserMessage(English);
        message.Should().Contain("Simulated Call System").And.NotContain("AUTHENTICATION_FAILED").And.NotContain("401");
        error.GetUserMessage(CultureInfo.GetCultureInfo("zh-CN")).Should().Contain("Simulated Call System").And.NotBe(message);
        simulator.GetState().TagsPushed.Should().Be(0);
        (await http.GetAsync(new Uri("callsystem/tags/C-1", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task WriteAsync_ClockOutsideReceiverTolerance_ThrowsAuthenticationFailedSayingStale()
    {
        await using var skewed = Build(simulator.Options.CallSystemWebhookSecret, new FakeTimeProvider(SinkHost.Start.AddMinutes(-10)));

        var act = async () => await skewed.Sink().WriteAsync([Updates.For("C-1", 1)]);

        var error = (await act.Should().ThrowAsync<ConnectorException>()).Which.Error;
        error.Code.Should().Be(ConnectorErrorCode.AuthenticationFailed);
        error.TechnicalDetail.Should().Contain("stale_timestamp");
    }

    [Test]
    public async Task WriteAsync_ReceiverOutage503_TransientFailureForWholeBatchAfterOneRequest()
    {
        simulator.ConfigureFaults(f => f with { CallSystem = new VendorFaults { Outage = true } });
        var before = simulator.GetState().Requests;

        var outcomes = await provider.Sink().WriteAsync([Updates.For("C-1", 1), Updates.For("C-2", 1)]);

        outcomes.Should().HaveCount(2).And.OnlyContain(o => o.Kind == RecordOutcomeKind.TransientFailure && o.Error!.Code == ConnectorErrorCode.ServiceUnavailable);
        simulator.GetState().Requests.Should().Be(before + 1);
        simulator.GetState().TagsPushed.Should().Be(0);
    }

    [Test]
    public async Task WriteAsync_ReceiverDropsConnections_ThrowsTransientConnectorException()
    {
        simulator.ConfigureFaults(f => f with { CallSystem = new VendorFaults { Outage = true, OutageMode = OutageMode.DropConnection } });

        var act = async () => await provider.Sink().WriteAsync([Updates.For("C-1", 1)]);

        var thrown = await act.Should().ThrowAsync<ConnectorException>();
        thrown.Which.IsTransient.Should().BeTrue();
        thrown.Which.Code.Should().Be(ConnectorErrorCode.Unreachable);
        thrown.Which.Error.SystemName.Should().Be("Simulated Call System");
    }

    [Test]
    public async Task CheckConnectionAsync_RightSecret_ReachableAndAppliesNothing()
    {
        var error = await ((IConnectionCheck)provider.Sink()).CheckConnectionAsync();

        error.Should().BeNull();
        simulator.GetState().TagsPushed.Should().Be(0);
        simulator.GetState().CallSystemCustomers.Should().Be(0);
    }

    [Test]
    public async Task CheckConnectionAsync_WrongSecret_AuthenticationFailedWithAFriendlyMessage()
    {
        await using var wrong = Build("not-the-simulator-secret-at-all");

        var error = await ((IConnectionCheck)wrong.Sink()).CheckConnectionAsync();

        error.Should().NotBeNull();
        error!.Code.Should().Be(ConnectorErrorCode.AuthenticationFailed);
        error.GetUserMessage(English).Should().Contain("Simulated Call System");
    }

    [Test]
    public async Task CheckConnectionAsync_ReceiverDown_TransientUnreachable()
    {
        simulator.ConfigureFaults(f => f with { CallSystem = new VendorFaults { Outage = true, OutageMode = OutageMode.DropConnection } });

        var error = await ((IConnectionCheck)provider.Sink()).CheckConnectionAsync();

        error!.Code.Should().Be(ConnectorErrorCode.Unreachable);
        error.IsTransient.Should().BeTrue();
    }

    private ServiceProvider Build(string secret, TimeProvider? timeProvider = null) =>
        SinkHost.Build(new Uri(simulator.BaseAddress, "callsystem/tags"), timeProvider ?? clock, o =>
        {
            o.Secret = new Secret(secret);
            o.SystemName = "Simulated Call System";
        });

    private async Task<JsonNode?> GetTagsAsync(string customerId) =>
        JsonNode.Parse(await http.GetStringAsync(new Uri("callsystem/tags/" + customerId, UriKind.Relative)));
}
