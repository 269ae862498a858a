using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Security.Tests.Redaction;

public sealed class PiiRedactorTests
{
    // Realistic lines of the kind HTTP handlers, providers and the engine write.
    [TestCase("Lookup for caller +8613800138000 found 2 matches", "+8613800138000")]
    [TestCase("Lookup for caller +86 138 0013 8000 found 2 matches", "138 0013 8000")]
    [TestCase("Dialing (415) 555-0100 ext. 12", "555-0100")]
    [TestCase("Inbound call from 13800138000 to queue sales", "13800138000")]
    [TestCase("UK caller 020 7946 0958 routed", "7946 0958")]
    [TestCase("from=+14158675310&to=+18005551212", "4158675310")]
    [TestCase("Call 2026-03-01 13800138000 completed", "13800138000")]
    [TestCase("Sending confirmation to jane.doe+crm@example.co.uk", "jane.doe")]
    [TestCase("POST https://api.example.com/v1/x?api_key=sk_live_abcdef123456 returned 401", "sk_live_abcdef123456")]
    [TestCase("Request headers: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl, Accept: */*", "eyJhbGciOiJIUzI1NiJ9")]
    [TestCase("authorization=Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA")]
    [TestCase("Token refreshed: bearer abcdefghijklmnop0123456789", "abcdefghijklmnop0123456789")]
    [TestCase("Config {\"clientSecret\":\"s3cr3t-value\",\"region\":\"eu\"}", "s3cr3t-value")]
    [TestCase("Twilio auth with token 0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef")]
    [TestCase("password=hunter2 user=bob", "hunter2")]
    [TestCase("Card 4111 1111 1111 1111 declined", "4111 1111 1111 1111")]
    public void Redact_LineWithPersonalDataOrSecret_RemovesTheRawValue(string line, string secret)
    {
        var redacted = PiiRedactor.Redact(line);

        redacted.Should().NotContain(secret);
        redacted.Should().NotBe(line);
    }

    [TestCase("Synced 25 calls in 1.25 s (page 3 of 10)")]
    [TestCase("Checkpoint at 2026-03-01T09:30:00.123Z for stream twilio-calls")]
    [TestCase("Call CA1234567890abcdef1234567890abcdef completed")]
    [TestCase("Correlation 3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [TestCase("Connected to 10.0.12.200 on port 5432")]
    [TestCase("Retrying after 500 ms, attempt 2")]
    [TestCase("SDK version 0.1.0-preview")]
    public void Redact_LineWithoutPersonalData_KeepsItAsItIs(string line) => PiiRedactor.Redact(line).Should().Be(line);

    [Test]
    public void Redact_Phone_KeepsTheLastTwoDigitsSoLinesStayComparable() =>
        PiiRedactor.Redact("caller +8613800138000").Should().Be("caller +***********00");

    [Test]
    public void Redact_Email_KeepsOnlyFirstLettersAndTopLevelDomain() =>
        PiiRedactor.Redact("to jane.doe@example.com").Should().Be("to j***@e***.com");

    [Test]
    public void Redact_AuthorizationHeader_ReplacesTheWholeValue() =>
        PiiRedactor.Redact("Authorization: Digest username=\"a\"\nnext").Should().Be("Authorization: [REDACTED]\nnext");

    [TestCase("ApiKey", true)]
    [TestCase("client_secret", true)]
    [TestCase("AuthToken", true)]
    [TestCase("Password", true)]
    [TestCase("Count", false)]
    [TestCase("CustomerId", false)]
    public void IsSecretName_RecognisesSecretKeys(string name, bool expected) => PiiRedactor.IsSecretName(name).Should().Be(expected);

    [Test]
    public void Redact_Null_ReturnsNull() => PiiRedactor.Redact(null).Should().BeNull();
}
