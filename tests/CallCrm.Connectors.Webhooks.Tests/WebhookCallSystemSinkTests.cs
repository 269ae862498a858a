using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Webhooks.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Webhooks.Tests;

/// <summary>How each receiver answer becomes an outcome, against a capturing receiver on 127.0.0.1.</summary>
public sealed class WebhookCallSystemSinkTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private CapturingReceiver receiver = null!;
    private FakeTimeProvider clock = null!;
    private ServiceProvider provider = null!;

    [SetUp]
    public async Task StartAsync()
    {
        receiver = await CapturingReceiver.StartAsync();
        clock = SinkHost.NewClock();
        provider = SinkHost.Build(receiver.Endpoint, clock);
    }

    [TearDown]
    public async Task StopAsync()
    {
        await provider.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [TestCase(200, """{"status":"applied"}""", RecordOutcomeKind.Written)]
    [TestCase(201, null, RecordOutcomeKind.Written)]
    [TestCase(204, null, RecordOutcomeKind.Written)]
    [TestCase(200, "<html>ok</html>", RecordOutcomeKind.Written)]
    [TestCase(200, """{"status":"duplicate"}""", RecordOutcomeKind.Unchanged)]
    [TestCase(200, """{"status":"superseded"}""", RecordOutcomeKind.Unchanged)]
    [TestCase(208, null, RecordOutcomeKind.Unchanged)]
    public async Task WriteAsync_SuccessAnswer_WrittenOrUnchanged(int status, string? body, RecordOutcomeKind expected)
    {
        receiver.Respond = (_, _) => new Answer(status, body);
        var update = Updates.For("C-1", 1);

        var outcomes = await provider.Sink().WriteAsync([update]);

        outcomes.Should().ContainSingle().Which.Should().Be(new RecordOutcome(update.Key, expected));
    }

    [TestCase(400, "invalid_payload", "VALIDATION_FAILED")]
    [TestCase(403, null, "PERMISSION_DENIED")]
    [TestCase(404, null, "NOT_FOUND")]
    [TestCase(409, null, "CONFLICT")]
    [TestCase(413, null, "UNKNOWN")]
    [TestCase(422, "unsupported_contract_version", "UNSUPPORTED_CONTRACT_VERSION")]
    public async Task WriteAsync_ClientErrorAnswer_PermanentFailureAndBatchGoesOn(int status, string? receiverCode, string code)
    {
        receiver.Respond = (index, _) => index == 0
            ? new Answer(status, receiverCode is null ? null : $$"""{"error":"{{receiverCode}}","message":"no"}""")
            : new Answer(200, """{"status":"applied"}""");
        var first = Updates.For("C-1", 1);
        var second = Updates.For("C-2", 1);

        var outcomes = await provider.Sink().WriteAsync([first, second]);

        outcomes[0].Kind.Should().Be(RecordOutcomeKind.PermanentFailure);
        outcomes[0].Key.Should().Be(first.Key);
        outcomes[0].Error!.Code.Value.Should().Be(code);
        outcomes[0].Error!.HttpStatus.Should().Be(status);
        outcomes[0].Error!.SystemName.Should().Be("Test Call System");
        outcomes[0].Error!.TechnicalDetail.Should().Contain(WebhookEventId.For(first)).And.NotContain("C-1");
        outcomes[1].Should().Be(RecordOutcome.Written(second.Key));
        receiver.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task WriteAsync_Unauthorized_WholePushThrowsPermanentAuthenticationFailed()
    {
        receiver.Respond = (_, _) => new Answer(401, """{"error":"invalid_signature"}""");

        var act = async () => await provider.Sink().WriteAsync([Updates.For("C-1", 1), Updates.For("C-2", 1)]);

        var thrown = await act.Should().ThrowAsync<ConnectorException>();
        thrown.Which.Code.Should().Be(ConnectorErrorCode.AuthenticationFailed);
        thrown.Which.IsTransient.Should().BeFalse();
        thrown.Which.Error.HttpStatus.Should().Be(401);
        receiver.Requests.Should().ContainSingle("every update would be refused alike");
    }

    [Test]
    public async Task WriteAsync_TooManyRequestsWithRetryAfterSeconds_TransientWithRetryAfterAndRestOfBatchNotSent()
    {
        receiver.Respond = (_, _) => new Answer(429, """{"error":"rate_limited"}""", new Dictionary<string, string> { ["Retry-After"] = "30" });
        var updates = new[] { Updates.For("C-1", 1), Updates.For("C-2", 1), Updates.For("C-3", 1) };

        var outcomes = await provider.Sink().WriteAsync(updates);

        outcomes.Select(o => o.Key).Should().Equal(updates.Select(u => u.Key));
        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.TransientFailure
            && o.Error!.Code == ConnectorErrorCode.RateLimited
            && o.Error.RetryAfter == TimeSpan.FromSeconds(30));
        receiver.Requests.Should().ContainSingle("a throttling receiver is not pressed with the rest of the batch");
        outcomes[0].Error!.GetUserMessage(English).Should().Contain("Test Call System").And.Contain("30 seconds");
    }

    [Test]
    public async Task WriteAsync_RetryAfterHttpDate_MeasuredOnTheTimeProvider()
    {
        var at = SinkHost.Start.AddMinutes(2).ToString("r", CultureInfo.InvariantCulture);
        receiver.Respond = (_, _) => new Answer(503, null, new Dictionary<string, string> { ["Retry-After"] = at });

        var outcome = (await provider.Sink().WriteAsync([Updates.For("C-1", 1)])).Single();

        outcome.Kind.Should().Be(RecordOutcomeKind.TransientFailure);
        outcome.Error!.Code.Should().Be(ConnectorErrorCode.ServiceUnavailable);
        outcome.Error.RetryAfter.Should().Be(TimeSpan.FromMinutes(2));
    }

    [TestCase(408, "TIMEOUT")]
    [TestCase(500, "SERVICE_UNAVAILABLE")]
    [TestCase(502, "SERVICE_UNAVAILABLE")]
    public async Task WriteAsync_TransientAnswer_TransientFailureWithoutRetryAfter(int status, string code)
    {
        receiver.Respond = (_, _) => new Answer(status);

        var outcome = (await provider.Sink().WriteAsync([Updates.For("C-1", 1)])).Single();

        outcome.Kind.Should().Be(RecordOutcomeKind.TransientFailure);
        outcome.Error!.Code.Value.Should().Be(code);
        outcome.Error.RetryAfter.Should().BeNull();
        receiver.Requests.Should().ContainSingle("retries are the engine's, not the HTTP client's");
    }

    [Test]
    public async Task WriteAsync_EndpointRefusesConnections_ThrowsTransientUnreachable()
    {
        var closedPort = ClosedLoopbackPort();
        await using var unreachable = SinkHost.Build(new Uri($"http://127.0.0.1:{closedPort}/hooks/tags"), clock);

        var act = async () => await unreachable.Sink().WriteAsync([Updates.For("C-1", 1)]);

        var thrown = await act.Should().ThrowAsync<ConnectorException>();
        thrown.Which.IsTransient.Should().BeTrue();
        thrown.Which.Code.Should().Be(ConnectorErrorCode.Unreachable);
        thrown.Which.Error.GetUserMessage(English).Should().Contain("Test Call System");
    }

    [Test]
    public async Task WriteAsync_InvalidUpdateInBatch_PermanentInvalidRecordWithoutRequestOthersSent()
    {
        var good = Updates.For("C-1", 1);
        var nameless = Updates.For("C-2", 1, new CustomerTag(" "));

        var outcomes = await provider.Sink().WriteAsync([nameless, good]);

        outcomes[0].Kind.Should().Be(RecordOutcomeKind.PermanentFailure);
        outcomes[0].Error!.Code.Should().Be(ConnectorErrorCode.InvalidRecord);
        outcomes[1].Should().Be(RecordOutcome.Written(good.Key));
        receiver.Requests.Should().ContainSingle();
    }

    [Test]
    public async Task WriteAsync_CallerCancels_OperationCanceledNotConnectorException()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = async () => await provider.Sink().WriteAsync([Updates.For("C-1", 1)], cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Test]
    public void Sink_Declares_NameAndCapabilities()
    {
        var sink = provider.Sink();

        sink.Name.Should().Be(WebhookSinkOptions.DefaultName);
        sink.Should().BeSameAs(provider.GetRequiredKeyedService<WebhookCallSystemSink>("webhook"));
        sink.Capabilities.MaxBatchSize.Should().Be(10);
        sink.Capabilities.MaxConcurrency.Should().Be(1);
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
