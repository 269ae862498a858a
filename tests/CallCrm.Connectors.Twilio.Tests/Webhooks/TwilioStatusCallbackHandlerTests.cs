using CallCrm.Connectors.Model;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Security.Webhooks;
using CallCrm.Connectors.Twilio.Webhooks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace CallCrm.Connectors.Twilio.Tests.Webhooks;

public sealed class TwilioStatusCallbackHandlerTests
{
    private const string Url = "https://crm.example.com/twilio/status?tenant=7";
    private const string AccountSid = "AC00000000000000000000000000000042";
    private static readonly Secret AuthToken = new("callback-auth-token");
    private FakeTimeProvider time = null!;

    [SetUp]
    public void StartClock() => time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 14, 7, 0, TimeSpan.Zero));

    [Test]
    public async Task HandleAsync_ValidCompletedCallback_ReturnsTheCallRecord()
    {
        var handler = Handler();
        var form = Completed();

        var result = await handler.HandleAsync(Url, form, Sign(form));

        result.Refusal.Should().Be(TwilioCallbackRefusal.None);
        var record = result.Record!;
        record.Key.Should().Be("twilio:CA11111111111111111111111111111111");
        record.Status.Should().Be(CallStatus.Completed);
        record.IsFinal.Should().BeTrue();
        record.Direction.Should().Be(CallDirection.Inbound);
        record.From.Should().Be(new PhoneNumber("+13055550123", "+13055550123"));
        record.To.E164.Should().Be("+14155550100");
        record.Duration.Should().Be(Duration.FromSeconds(95));
        record.EndedAt.Should().Be(Instant.FromUtc(2026, 11, 24, 14, 5, 0));
        record.StartedAt.Should().Be(Instant.FromUtc(2026, 11, 24, 14, 3, 25));
        record.RecordingUrl.Should().Be(new Uri("https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000042/Recordings/RE22222222222222222222222222222222"));
        record.CustomFields.Should().Contain("caller_name", "DOE JANE").And.Contain("sequence_number", "3");
    }

    [Test]
    public async Task HandleAsync_RingingCallback_IsNotFinal()
    {
        var form = Completed().Where(p => p.Key is not "CallDuration" and not "RecordingUrl").Select(p => p.Key == "CallStatus" ? KeyValuePair.Create(p.Key, (string?)"ringing") : p).ToList();

        var result = await Handler().HandleAsync(Url, form, Sign(form));

        result.Record!.IsFinal.Should().BeFalse();
        result.Record.Status.Should().Be(CallStatus.Ringing);
        result.Record.EndedAt.Should().BeNull();
    }

    [Test]
    public async Task HandleAsync_BitFlippedSignature_IsRefused()
    {
        var form = Completed();
        var signature = Convert.FromBase64String(Sign(form));
        signature[5] ^= 0x01;

        var result = await Handler().HandleAsync(Url, form, Convert.ToBase64String(signature));

        result.IsAccepted.Should().BeFalse();
        result.Refusal.Should().Be(TwilioCallbackRefusal.InvalidSignature);
    }

    [Test]
    public async Task HandleAsync_ParameterChangedAfterSigning_IsRefused()
    {
        var form = Completed();
        var signature = Sign(form);
        var forged = form.Select(p => p.Key == "CallDuration" ? KeyValuePair.Create(p.Key, (string?)"9500") : p).ToList();

        (await Handler().HandleAsync(Url, forged, signature)).Refusal.Should().Be(TwilioCallbackRefusal.InvalidSignature);
    }

    [Test]
    public async Task HandleAsync_SignedWithAnotherTokenOrForAnotherUrl_IsRefused()
    {
        var form = Completed();
        var handler = Handler();

        (await handler.HandleAsync(Url, form, TwilioSignatureValidator.ComputeSignature(new Secret("other-token"), Url, form))).Refusal.Should().Be(TwilioCallbackRefusal.InvalidSignature);
        (await handler.HandleAsync(Url + "&x=1", form, Sign(form))).Refusal.Should().Be(TwilioCallbackRefusal.InvalidSignature);
        (await handler.HandleAsync(Url, form, null)).Refusal.Should().Be(TwilioCallbackRefusal.MissingSignature);
    }

    [Test]
    public async Task HandleAsync_SameEventTwice_RefusesTheReplay()
    {
        var handler = Handler();
        var form = Completed();

        var first = await handler.HandleAsync(Url, form, Sign(form));
        var replay = await handler.HandleAsync(Url, form, Sign(form));

        first.IsAccepted.Should().BeTrue();
        replay.Refusal.Should().Be(TwilioCallbackRefusal.Replayed);
    }

    [Test]
    public async Task HandleAsync_IngestionThrows_TheIdenticalRetryIsAcceptedAndIngested()
    {
        var handler = Handler();
        var form = Completed();
        var ingested = new List<CallRecord>();
        var attempts = 0;
        ValueTask Ingest(CallRecord record, CancellationToken cancellationToken)
        {
            if (++attempts == 1)
            {
                throw new InvalidOperationException("the state store is unavailable");
            }

            ingested.Add(record);
            return ValueTask.CompletedTask;
        }

        var failed = async () => await handler.HandleAsync(Url, form, Sign(form), Ingest);
        await failed.Should().ThrowAsync<InvalidOperationException>();
        var retry = await handler.HandleAsync(Url, form, Sign(form), Ingest);

        retry.IsAccepted.Should().BeTrue("Twilio retries a callback that failed; refusing it as a replay would lose the update");
        ingested.Should().ContainSingle().Which.Key.Should().Be("twilio:CA11111111111111111111111111111111");
    }

    [Test]
    public async Task HandleAsync_IngestionSucceeded_TheIdenticalRetryIsRefusedAndNotIngestedAgain()
    {
        var handler = Handler();
        var form = Completed();
        var ingested = 0;
        ValueTask Ingest(CallRecord record, CancellationToken cancellationToken)
        {
            ingested++;
            return ValueTask.CompletedTask;
        }

        (await handler.HandleAsync(Url, form, Sign(form), Ingest)).IsAccepted.Should().BeTrue();
        var replay = await handler.HandleAsync(Url, form, Sign(form), Ingest);

        replay.Refusal.Should().Be(TwilioCallbackRefusal.Replayed);
        ingested.Should().Be(1);
    }

    [Test]
    public async Task HandleAsync_NextSequenceNumberOfTheSameCall_IsAccepted()
    {
        var handler = Handler();
        var form = Completed();
        var next = form.Select(p => p.Key == "SequenceNumber" ? KeyValuePair.Create(p.Key, (string?)"4") : p).ToList();

        (await handler.HandleAsync(Url, form, Sign(form))).IsAccepted.Should().BeTrue();
        (await handler.HandleAsync(Url, next, Sign(next))).IsAccepted.Should().BeTrue();
    }

    [Test]
    public async Task HandleAsync_CallbackOlderThanTheReplayWindow_IsRefusedAsStale()
    {
        var form = Completed();
        time.Advance(TimeSpan.FromHours(2));

        (await Handler().HandleAsync(Url, form, Sign(form))).Refusal.Should().Be(TwilioCallbackRefusal.Stale);
    }

    [Test]
    public async Task HandleAsync_AnotherAccountsCallback_IsRefused()
    {
        var form = Completed().Select(p => p.Key == "AccountSid" ? KeyValuePair.Create(p.Key, (string?)"AC99999999999999999999999999999999") : p).ToList();

        (await Handler().HandleAsync(Url, form, Sign(form))).Refusal.Should().Be(TwilioCallbackRefusal.WrongAccount);
    }

    [Test]
    public async Task HandleAsync_RecordingUrlOnAnotherHost_IsDropped()
    {
        var form = Completed().Select(p => p.Key == "RecordingUrl" ? KeyValuePair.Create(p.Key, (string?)"https://evil.example/r.wav") : p).ToList();

        var result = await Handler().HandleAsync(Url, form, Sign(form));

        result.Record!.RecordingUrl.Should().BeNull();
    }

    [Test]
    public void Constructor_WithoutAuthToken_ExplainsThatCallbacksNeedIt()
    {
        var options = Options.Create(new TwilioOptions { AccountSid = AccountSid, ApiKeySid = "SK00000000000000000000000000000042", ApiKeySecret = new Secret("s") });

        var act = () => new TwilioStatusCallbackHandler(options, new InMemoryWebhookReplayStore(time), time);

        act.Should().Throw<InvalidOperationException>().WithMessage("*AuthToken*");
    }

    private TwilioStatusCallbackHandler Handler() =>
        new(Options.Create(new TwilioOptions { AccountSid = AccountSid, AuthToken = AuthToken }), new InMemoryWebhookReplayStore(time), time);

    private static string Sign(IEnumerable<KeyValuePair<string, string?>> form) => TwilioSignatureValidator.ComputeSignature(AuthToken, Url, form);

    private static List<KeyValuePair<string, string?>> Completed() =>
    [
        new("AccountSid", AccountSid),
        new("ApiVersion", "2010-04-01"),
        new("CallSid", "CA11111111111111111111111111111111"),
        new("CallStatus", "completed"),
        new("CallDuration", "95"),
        new("Direction", "inbound"),
        new("From", "+13055550123"),
        new("To", "+14155550100"),
        new("CallerName", "DOE JANE"),
        new("Timestamp", "Tue, 24 Nov 2026 14:05:00 +0000"),
        new("SequenceNumber", "3"),
        new("CallbackSource", "call-progress-events"),
        new("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000042/Recordings/RE22222222222222222222222222222222"),
    ];
}
