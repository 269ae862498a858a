using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CallCrm.Connectors.Contracts;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Security.Webhooks;
using CallCrm.Connectors.Webhooks.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Webhooks.Tests;

/// <summary>What goes on the wire, byte for byte, as a capturing receiver on 127.0.0.1 sees it.</summary>
public sealed class WebhookWireFormatTests
{
    private CapturingReceiver receiver = null!;
    private FakeTimeProvider clock = null!;

    [SetUp]
    public async Task StartAsync()
    {
        receiver = await CapturingReceiver.StartAsync();
        clock = SinkHost.NewClock();
    }

    [TearDown]
    public async Task StopAsync() => await receiver.DisposeAsync();

    [Test]
    public async Task WriteAsync_Update_SendsVersionedJsonWithExactFieldsAndHeaders()
    {
        using var provider = SinkHost.Build(receiver.Endpoint, clock, o => o.Headers["X-Tenant"] = "acme");
        var update = Updates.For("C-1001", 7, new CustomerTag("vip"), new CustomerTag("language", "zh-CN"), new CustomerTag("segment", "贵宾")) with
        {
            PhoneNumbers = [new PhoneNumber("(138) 0013-8000", "+8613800138000"), new PhoneNumber("sip:anonymous@pbx"), new PhoneNumber("+1 415 555 0100 x12", "+14155550100", "12")],
        };

        await provider.Sink().WriteAsync([update]);

        var request = receiver.Requests.Should().ContainSingle().Subject;
        var eventId = WebhookEventId.For(update);
        request.Method.Should().Be("POST");
        request.PathAndQuery.Should().Be("/hooks/tags");
        Encoding.UTF8.GetString(request.Body).Should().Be(
            "{\"contractVersion\":1,\"eventId\":\"" + eventId + "\",\"customerId\":\"C-1001\",\"version\":7,\"changedAt\":\"2026-11-23T14:00:30Z\","
            + "\"phoneNumbers\":[{\"e164\":\"+8613800138000\"},{\"e164\":\"+14155550100\",\"extension\":\"12\"}],"
            + "\"tags\":[{\"name\":\"vip\"},{\"name\":\"language\",\"value\":\"zh-CN\"},{\"name\":\"segment\",\"value\":\"贵宾\"}]}");
        request.Headers["Content-Type"].Should().Be("application/json");
        request.Headers[WebhookContract.EventIdHeaderName].Should().Be(eventId);
        request.Headers["X-Tenant"].Should().Be("acme");
        request.Headers[WebhookContract.SignatureHeaderName].Should().StartWith("t=" + SinkHost.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ",v1=");
    }

    [Test]
    public async Task WriteAsync_Update_SignatureIsHmacSha256OfTimestampDotExactBody()
    {
        using var provider = SinkHost.Build(receiver.Endpoint, clock);
        clock.Advance(TimeSpan.FromSeconds(42.7));

        await provider.Sink().WriteAsync([Updates.For("C-1", 1)]);

        var request = receiver.Requests.Single();
        var t = SinkHost.Start.AddSeconds(42).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.ASCII.GetBytes(t + ".").Concat(request.Body).ToArray();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SinkHost.Secret), signed));
        request.Headers[WebhookContract.SignatureHeaderName].Should().Be($"t={t},v1={expected}");
    }

    [Test]
    public async Task WriteAsync_Update_SignatureVerifiesWithSecurityValidator()
    {
        using var provider = SinkHost.Build(receiver.Endpoint, clock);

        await provider.Sink().WriteAsync([Updates.For("C-1", 1)]);

        var request = receiver.Requests.Single();
        var validator = Validator(SinkHost.Secret);
        (await validator.ValidateAsync(request.Headers[WebhookContract.SignatureHeaderName], request.Body, request.Headers[WebhookContract.EventIdHeaderName]))
            .Should().Be(WebhookValidationResult.Valid);
        (await Validator("another-secret-of-enough-length").ValidateAsync(request.Headers[WebhookContract.SignatureHeaderName], request.Body))
            .Should().Be(WebhookValidationResult.InvalidSignature);
    }

    [Test]
    public async Task WriteAsync_PreviousSecretSet_BothOldAndNewSecretVerify()
    {
        const string Previous = "the-old-webhook-secret-987654";
        using var provider = SinkHost.Build(receiver.Endpoint, clock, o => o.PreviousSecret = new Secret(Previous));

        await provider.Sink().WriteAsync([Updates.For("C-1", 1)]);

        var request = receiver.Requests.Single();
        var header = request.Headers[WebhookContract.SignatureHeaderName];
        header.Split(',').Should().HaveCount(3).And.Contain(p => p.StartsWith("t=", StringComparison.Ordinal));
        (await Validator(SinkHost.Secret).ValidateAsync(header, request.Body)).Should().Be(WebhookValidationResult.Valid);
        (await Validator(Previous).ValidateAsync(header, request.Body)).Should().Be(WebhookValidationResult.Valid);
    }

    [Test]
    public async Task WriteAsync_SameUpdateRetriedLater_SameEventIdAndBodyNewTimestamp()
    {
        using var provider = SinkHost.Build(receiver.Endpoint, clock);
        var update = Updates.For("C-1", 3);

        await provider.Sink().WriteAsync([update]);
        clock.Advance(TimeSpan.FromMinutes(2));
        await provider.Sink().WriteAsync([update with { }]);

        var (first, second) = (receiver.Requests[0], receiver.Requests[1]);
        second.Headers[WebhookContract.EventIdHeaderName].Should().Be(first.Headers[WebhookContract.EventIdHeaderName]);
        second.Body.Should().Equal(first.Body);
        second.Headers[WebhookContract.SignatureHeaderName].Should().NotBe(first.Headers[WebhookContract.SignatureHeaderName]);
        WebhookEventId.For(Updates.For("C-1", 4)).Should().NotBe(first.Headers[WebhookContract.EventIdHeaderName]);
    }

    [Test]
    public async Task WriteAsync_Body_IsReadableAsTheCoreCustomerTagUpdateContract()
    {
        using var provider = SinkHost.Build(receiver.Endpoint, clock);
        var update = Updates.For("C-9", 12, new CustomerTag("language", "zh-CN"));

        await provider.Sink().WriteAsync([update]);

        var read = ContractSerializer.DeserializeCustomerTagUpdate(receiver.Requests.Single().Body);
        read.CustomerId.Should().Be("C-9");
        read.Version.Should().Be(12);
        read.ChangedAt.Should().Be(update.ChangedAt);
        read.Tags.Should().Equal(update.Tags);
        read.PhoneNumbers.Should().ContainSingle().Which.Should().Be(new PhoneNumber(null, "+8613800138000"));
    }

    [Test]
    public async Task WriteAsync_EmptyTagSet_SendsEmptyTagsArrayMeaningRemoveAll()
    {
        using var provider = SinkHost.Build(receiver.Endpoint, clock);

        await provider.Sink().WriteAsync([Updates.For("C-1", 2) with { Tags = [], PhoneNumbers = [] }]);

        var body = Encoding.UTF8.GetString(receiver.Requests.Single().Body);
        body.Should().EndWith("\"tags\":[]}").And.NotContain("phoneNumbers");
    }

    [Test]
    public async Task WriteAsync_ReadmeExample_IsExactlyWhatIsSent()
    {
        // The request shown in the package README, byte for byte.
        using var provider = SinkHost.Build(receiver.Endpoint, clock, o => o.Secret = new Secret("example-secret-0123456789"));

        await provider.Sink().WriteAsync([Updates.For("C-1001", 7, new CustomerTag("vip"), new CustomerTag("language", "zh-CN"))]);

        var request = receiver.Requests.Single();
        request.Headers["Content-Length"].Should().Be("242");
        request.Headers[WebhookContract.EventIdHeaderName].Should().Be("ctu_02a651e3c5b8e70181b00378305421bf");
        request.Headers[WebhookContract.SignatureHeaderName].Should().Be("t=1795442700,v1=6bc2f94d98438c0d8879dc940edb0f0fa17f192743a7838fa30ea61e6770aa96");
        Encoding.UTF8.GetString(request.Body).Should().Be(
            """{"contractVersion":1,"eventId":"ctu_02a651e3c5b8e70181b00378305421bf","customerId":"C-1001","version":7,"changedAt":"2026-11-23T14:00:30Z","phoneNumbers":[{"e164":"+8613800138000"}],"tags":[{"name":"vip"},{"name":"language","value":"zh-CN"}]}""");
    }

    private HmacWebhookValidator Validator(string secret) => new(
        Options.Create(new HmacWebhookOptions { SigningSecret = new Secret(secret) }),
        new InMemoryWebhookReplayStore(clock),
        clock);
}
