using CallCrm.Connectors.HubSpot.Internal;

namespace CallCrm.Connectors.HubSpot.Tests.Internal;

public sealed class HubSpotRateLimitHeadersTests
{
    private static long? Remaining(params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return HubSpotRateLimitHeaders.Remaining(response.Headers);
    }

    [Test]
    public void Remaining_IntervalHeaders_TakesTheIntervalsRemainingCount()
    {
        Remaining(("X-HubSpot-RateLimit-Remaining", "0"), ("X-HubSpot-RateLimit-Interval-Milliseconds", "10000"), ("X-HubSpot-RateLimit-Max", "190"))
            .Should().Be(0);
    }

    [Test]
    public void Remaining_SecondlyRemainingZero_IsNotReadBecauseHubSpotNoLongerEnforcesIt()
    {
        Remaining(("X-HubSpot-RateLimit-Remaining", "150"), ("X-HubSpot-RateLimit-Secondly", "19"), ("X-HubSpot-RateLimit-Secondly-Remaining", "0"))
            .Should().Be(150);
    }

    [TestCase("-1")]
    [TestCase("many")]
    public void Remaining_NotACount_IsNull(string value)
    {
        Remaining(("X-HubSpot-RateLimit-Remaining", value)).Should().BeNull();
    }

    [Test]
    public void Remaining_NoHeader_IsNull()
    {
        Remaining(("X-RateLimit-Remaining", "3")).Should().BeNull();
    }
}
