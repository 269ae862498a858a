using CallCrm.Connectors.Http.RateLimiting;

namespace CallCrm.Connectors.Http.Tests.RateLimiting;

public class RateLimitHeaderReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static RateLimitSnapshot Read(params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return RateLimitHeaderReader.Read(response, Now);
    }

    [Test]
    public void Read_VendorHeaderWithoutAReader_IsIgnoredBecauseVendorHeadersAreTheProvidersToRead()
    {
        var snapshot = Read(("X-HubSpot-RateLimit-Remaining", "0"), ("X-HubSpot-RateLimit-Max", "190"));

        snapshot.Should().Be(new RateLimitSnapshot(null, null, null));
    }

    [Test]
    public void Read_VendorReader_ItsRemainingTakesPrecedenceOverTheCommonHeaders()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("X-Acme-Left", "4");
        response.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", "9");
        response.Headers.TryAddWithoutValidation("X-RateLimit-Reset", "7");

        var snapshot = RateLimitHeaderReader.Read(response, Now, headers => long.Parse(headers.GetValues("X-Acme-Left").Single(), System.Globalization.CultureInfo.InvariantCulture));

        snapshot.Should().Be(new RateLimitSnapshot(4, TimeSpan.FromSeconds(7), null));
    }

    [Test]
    public void Read_VendorReaderSaysNothing_TakesTheCommonHeaders()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", "9");

        RateLimitHeaderReader.Read(response, Now, _ => null).Remaining.Should().Be(9);
    }

    [Test]
    public void Read_XRateLimitResetInSeconds_IsADuration()
    {
        Read(("X-RateLimit-Remaining", "3"), ("X-RateLimit-Reset", "7")).Should().Be(new RateLimitSnapshot(3, TimeSpan.FromSeconds(7), null));
    }

    [Test]
    public void Read_XRateLimitResetAsUnixTime_IsTheTimeUntilThen()
    {
        var reset = Now.AddSeconds(42).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        Read(("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset)).ResetAfter.Should().Be(TimeSpan.FromSeconds(42));
    }

    [Test]
    public void Read_IetfDraftHeaders_AreRead()
    {
        Read(("RateLimit-Remaining", "5"), ("RateLimit-Reset", "2")).Should().Be(new RateLimitSnapshot(5, TimeSpan.FromSeconds(2), null));
        Read(("RateLimit", "\"default\";r=0;t=30")).Should().Be(new RateLimitSnapshot(0, TimeSpan.FromSeconds(30), null));
        Read(("RateLimit", "limit=100, remaining=4, reset=9")).Should().Be(new RateLimitSnapshot(4, TimeSpan.FromSeconds(9), null));
    }

    [Test]
    public void Read_RetryAfterSecondsAndDate_AreRead()
    {
        Read(("Retry-After", "12")).RetryAfter.Should().Be(TimeSpan.FromSeconds(12));
        Read(("Retry-After", Now.AddMinutes(2).ToString("r", System.Globalization.CultureInfo.InvariantCulture))).RetryAfter.Should().Be(TimeSpan.FromMinutes(2));
    }

    [Test]
    public void Read_GarbageValues_AreIgnored()
    {
        Read(("X-RateLimit-Remaining", "lots"), ("X-RateLimit-Reset", "-4"), ("Retry-After", "soon")).Should().Be(default(RateLimitSnapshot));
    }
}
