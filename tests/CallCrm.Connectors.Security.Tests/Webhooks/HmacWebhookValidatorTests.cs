using System.Security.Cryptography;
using System.Text;
using CallCrm.Connectors.Security;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Security.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Security.Tests.Webhooks;

public sealed class HmacWebhookValidatorTests
{
    private const string SecretValue = "whsec_0123456789abcdef";
    private const string Body = "{\"event\":\"call.completed\",\"id\":\"evt_1\"}";
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private FakeTimeProvider time = null!;
    private HmacWebhookSigner signer = null!;
    private HmacWebhookValidator validator = null!;
    private InMemoryWebhookReplayStore replays = null!;

    [SetUp]
    public void SetUp()
    {
        time = new FakeTimeProvider(Start);
        var options = Options.Create(new HmacWebhookOptions { SigningSecret = new Secret(SecretValue) });
        replays = new InMemoryWebhookReplayStore(time);
        signer = new HmacWebhookSigner(options, time);
        validator = new HmacWebhookValidator(options, replays, time);
    }

    [Test]
    public void Sign_KnownVector_MatchesAnIndependentHmacOverTimestampDotBody()
    {
        var header = signer.Sign(Encoding.UTF8.GetBytes(Body));

        var t = Start.ToUnixTimeSeconds();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SecretValue), Encoding.UTF8.GetBytes($"{t}.{Body}")));
        header.Should().Be($"t={t},v1={expected}");
    }

    [Test]
    public async Task ValidateAsync_FreshSignature_IsValidOnceThenReplayed()
    {
        var header = signer.Sign(Body);

        (await validator.ValidateAsync(header, Body)).Should().Be(WebhookValidationResult.Valid);
        (await validator.ValidateAsync(header, Body)).Should().Be(WebhookValidationResult.Replayed);
    }

    [Test]
    public async Task ValidateAsync_SameEventIdWithNewSignature_IsReplayed()
    {
        (await validator.ValidateAsync(signer.Sign(Body), Body, eventId: "evt_1")).Should().Be(WebhookValidationResult.Valid);
        time.Advance(TimeSpan.FromSeconds(30));

        (await validator.ValidateAsync(signer.Sign(Body), Body, eventId: "evt_1")).Should().Be(WebhookValidationResult.Replayed);
    }

    [Test]
    public async Task ValidateAsync_EveryBitFlipOfTheMac_IsInvalid()
    {
        var header = signer.Sign(Body);
        var hex = header[(header.IndexOf("v1=", StringComparison.Ordinal) + 3)..];
        var mac = Convert.FromHexString(hex);
        for (var bit = 0; bit < mac.Length * 8; bit++)
        {
            var flipped = (byte[])mac.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            var forged = header.Replace(hex, Convert.ToHexStringLower(flipped), StringComparison.Ordinal);

            (await validator.ValidateAsync(forged, Body)).Should().Be(WebhookValidationResult.InvalidSignature, "bit {0}", bit);
        }
    }

    [Test]
    public async Task ValidateAsync_AlteredBodyOrTimestamp_IsInvalid()
    {
        var header = signer.Sign(Body);
        var t = Start.ToUnixTimeSeconds();

        (await validator.ValidateAsync(header, Body + " ")).Should().Be(WebhookValidationResult.InvalidSignature);
        (await validator.ValidateAsync(header.Replace($"t={t}", $"t={t + 1}", StringComparison.Ordinal), Body))
            .Should().Be(WebhookValidationResult.InvalidSignature);
    }

    [TestCase(300, WebhookValidationResult.Valid)]
    [TestCase(301, WebhookValidationResult.TimestampOutsideWindow)]
    [TestCase(-300, WebhookValidationResult.Valid)]
    [TestCase(-301, WebhookValidationResult.TimestampOutsideWindow)]
    public async Task ValidateAsync_TimestampAtTheEdgeOfTheWindow_IsJudgedInclusively(int ageSeconds, WebhookValidationResult expected)
    {
        var header = signer.Sign(Encoding.UTF8.GetBytes(Body), Start - TimeSpan.FromSeconds(ageSeconds));

        (await validator.ValidateAsync(header, Body)).Should().Be(expected);
    }

    [Test]
    public async Task ValidateAsync_ReplayAfterTheWindow_IsRefusedByTheWindowAndForgotten()
    {
        var header = signer.Sign(Body);
        (await validator.ValidateAsync(header, Body)).Should().Be(WebhookValidationResult.Valid);

        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        (await validator.ValidateAsync(header, Body)).Should().Be(WebhookValidationResult.TimestampOutsideWindow);
        replays.Count.Should().Be(0, "expired events are purged");
    }

    [Test]
    public async Task ValidateAsync_SignedWithPreviousSecretDuringRotation_IsValid()
    {
        var old = new HmacWebhookSigner(Options.Create(new HmacWebhookOptions { SigningSecret = new Secret("old_secret_0123456789") }), time);
        var rotating = new HmacWebhookOptions { SigningSecret = new Secret(SecretValue) };
        rotating.PreviousSecrets.Add(new Secret("old_secret_0123456789"));
        var accepting = new HmacWebhookValidator(Options.Create(rotating), new InMemoryWebhookReplayStore(time), time);

        (await accepting.ValidateAsync(old.Sign(Body), Body)).Should().Be(WebhookValidationResult.Valid);
        (await validator.ValidateAsync(old.Sign(Body), Body)).Should().Be(WebhookValidationResult.InvalidSignature);
    }

    [TestCase(null, WebhookValidationResult.MissingSignature)]
    [TestCase("v1=abc", WebhookValidationResult.MalformedSignature)]
    [TestCase("t=notanumber,v1=00", WebhookValidationResult.MalformedSignature)]
    [TestCase("t=1772355600", WebhookValidationResult.MalformedSignature)]
    public async Task ValidateAsync_MissingOrMalformedHeader_IsRefused(string? header, WebhookValidationResult expected) =>
        (await validator.ValidateAsync(header, Body)).Should().Be(expected);

    [Test]
    public void AddCallCrmWebhookSignatures_ShortSecret_FailsValidationAtStart()
    {
        using var provider = new ServiceCollection()
            .AddCallCrmWebhookSignatures(o => o.SigningSecret = new Secret("short"))
            .BuildServiceProvider();

        var act = () => provider.GetRequiredService<HmacWebhookValidator>();

        act.Should().Throw<OptionsValidationException>().WithMessage("*SigningSecret*");
    }
}
