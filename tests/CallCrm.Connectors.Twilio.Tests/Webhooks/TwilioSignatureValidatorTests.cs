using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Security.Webhooks;
using CallCrm.Connectors.Twilio.Webhooks;

namespace CallCrm.Connectors.Twilio.Tests.Webhooks;

public sealed class TwilioSignatureValidatorTests
{
    // Twilio's documented example ("Webhooks security"): auth token 12345, this URL and these POST parameters.
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string DocumentedSignature = "GvWf1cFY/Q7PnoempGyD5oXAezc=";

    private static readonly KeyValuePair<string, string?>[] Parameters =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("Caller", "+14158675310"),
        new("Digits", "1234"),
        new("From", "+14158675310"),
        new("To", "+18005551212"),
    ];

    // Twilio's documented JSON example: the body's SHA-256 travels in the URL; the signature below was computed independently
    // (Python hmac/hashlib) for auth token 12345.
    private const string JsonBody = "{\"CallSid\":\"CA1234567890ABCDE\",\"Caller\":\"+12349013030\"}";
    private const string JsonUrl = "https://example.com/myapp?bodySHA256=5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9";
    private const string JsonSignature = "hPXmLwIy3Fgqv1i9KPmH/HhQ6zo=";

    private readonly TwilioSignatureValidator validator = new(new Secret("12345"));

    [Test]
    public void ComputeSignature_DocumentedExample_ReproducesTwilioVector() =>
        TwilioSignatureValidator.ComputeSignature(new Secret("12345"), Url, Parameters).Should().Be(DocumentedSignature);

    [Test]
    public void Validate_DocumentedExample_IsValidInAnyParameterOrder() =>
        validator.Validate(Url, Parameters.Reverse(), DocumentedSignature).Should().Be(WebhookValidationResult.Valid);

    [Test]
    public void Validate_EveryBitFlipOfTheSignature_IsInvalid()
    {
        var bytes = Convert.FromBase64String(DocumentedSignature);
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));

            validator.Validate(Url, Parameters, Convert.ToBase64String(flipped)).Should().Be(WebhookValidationResult.InvalidSignature, "bit {0}", bit);
        }
    }

    [Test]
    public void Validate_AlteredParameterOrUrlOrToken_IsInvalid()
    {
        var altered = Parameters.Select(p => p.Key == "Digits" ? new KeyValuePair<string, string?>("Digits", "1235") : p);

        validator.Validate(Url, altered, DocumentedSignature).Should().Be(WebhookValidationResult.InvalidSignature);
        validator.Validate(Url.Replace("foo=1", "foo=2", StringComparison.Ordinal), Parameters, DocumentedSignature)
            .Should().Be(WebhookValidationResult.InvalidSignature);
        new TwilioSignatureValidator(new Secret("12346")).Validate(Url, Parameters, DocumentedSignature)
            .Should().Be(WebhookValidationResult.InvalidSignature);
    }

    [Test]
    public void Validate_UrlWithExplicitDefaultPort_IsValidLikeTwilioLibraries() =>
        validator.Validate("https://mycompany.com:443/myapp.php?foo=1&bar=2", Parameters, DocumentedSignature)
            .Should().Be(WebhookValidationResult.Valid);

    [TestCase(null, WebhookValidationResult.MissingSignature)]
    [TestCase("", WebhookValidationResult.MissingSignature)]
    [TestCase("not base64!", WebhookValidationResult.MalformedSignature)]
    [TestCase("AAAA", WebhookValidationResult.MalformedSignature)]
    public void Validate_MissingOrMalformedHeader_IsRefused(string? signature, WebhookValidationResult expected) =>
        validator.Validate(Url, Parameters, signature).Should().Be(expected);

    [Test]
    public void ValidateBody_DocumentedJsonExample_IsValid() =>
        validator.ValidateBody(JsonUrl, JsonBody, JsonSignature).Should().Be(WebhookValidationResult.Valid);

    [Test]
    public void ValidateBody_BodyChangedAfterSigning_IsBodyHashMismatch() =>
        validator.ValidateBody(JsonUrl, JsonBody.Replace("3030", "3031", StringComparison.Ordinal), JsonSignature)
            .Should().Be(WebhookValidationResult.BodyHashMismatch);

    [Test]
    public void ValidateBody_BodyHashInUrlChanged_IsInvalidSignature() =>
        validator.ValidateBody(JsonUrl.Replace("5ccde", "5ccdf", StringComparison.Ordinal), JsonBody, JsonSignature)
            .Should().Be(WebhookValidationResult.InvalidSignature);
}
