using System.Net;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace CallCrm.Connectors.Http.Tests.Resilience;

public class RetryDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ConnectorRetryOptions Options = new() { MaxRetryAfter = TimeSpan.FromMinutes(1) };

    private static HttpRequestMessage Request(string method) => new(new HttpMethod(method), new Uri("https://api.example.com/x"));

    private static Outcome<HttpResponseMessage> Answer(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return Outcome.FromResult(response);
    }

    [TestCase("GET", HttpStatusCode.ServiceUnavailable, true)]
    [TestCase("PUT", HttpStatusCode.BadGateway, true)]
    [TestCase("DELETE", HttpStatusCode.GatewayTimeout, true)]
    [TestCase("POST", HttpStatusCode.ServiceUnavailable, false)]
    [TestCase("PATCH", HttpStatusCode.InternalServerError, false)]
    [TestCase("POST", HttpStatusCode.TooManyRequests, true)]
    [TestCase("GET", HttpStatusCode.BadRequest, false)]
    [TestCase("GET", HttpStatusCode.Unauthorized, false)]
    [TestCase("GET", HttpStatusCode.NotFound, false)]
    public void ShouldRetry_StatusAndMethod_RetriesOnlyWhenSafe(string method, HttpStatusCode status, bool expected)
    {
        RetryDecision.ShouldRetry(Answer(status), Request(method), Options, Now).Should().Be(expected);
    }

    [Test]
    public void ShouldRetry_PostMarkedIdempotent_IsRetriedAfterServerError()
    {
        RetryDecision.ShouldRetry(Answer(HttpStatusCode.ServiceUnavailable), Request("POST").MarkAsIdempotent(), Options, Now).Should().BeTrue();
    }

    [Test]
    public void ShouldRetry_RetryAfterLongerThanAllowed_GoesBackToTheCaller()
    {
        RetryDecision.ShouldRetry(Answer(HttpStatusCode.TooManyRequests, ("Retry-After", "600")), Request("GET"), Options, Now).Should().BeFalse();
        RetryDecision.ShouldRetry(Answer(HttpStatusCode.TooManyRequests, ("Retry-After", "30")), Request("GET"), Options, Now).Should().BeTrue();
    }

    [Test]
    public void ShouldRetry_Exceptions_RetriesConnectionFailuresAlwaysAndTimeoutsOnlyWhenIdempotent()
    {
        var connection = Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "refused"));
        var reset = Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ResponseEnded, "reset"));
        var timeout = Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException());
        var refused = Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "x", new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.InsecureTransport })));

        RetryDecision.ShouldRetry(connection, Request("POST"), Options, Now).Should().BeTrue("the vendor never saw the request");
        RetryDecision.ShouldRetry(reset, Request("POST"), Options, Now).Should().BeFalse("the vendor may have acted");
        RetryDecision.ShouldRetry(reset, Request("GET"), Options, Now).Should().BeTrue();
        RetryDecision.ShouldRetry(timeout, Request("POST"), Options, Now).Should().BeFalse();
        RetryDecision.ShouldRetry(timeout, Request("GET"), Options, Now).Should().BeTrue();
        RetryDecision.ShouldRetry(refused, Request("GET"), Options, Now).Should().BeFalse("a refusal of ours does not change on retry");
    }

    [Test]
    public void VendorDelay_RetryAfter_IsHonouredWithUpToTenPercentJitter()
    {
        var answer = Answer(HttpStatusCode.TooManyRequests, ("Retry-After", "10"));

        RetryDecision.VendorDelay(answer, Now, useJitter: false, () => 0.5).Should().Be(TimeSpan.FromSeconds(10));
        RetryDecision.VendorDelay(answer, Now, useJitter: true, () => 0.5).Should().Be(TimeSpan.FromSeconds(10.5));
        RetryDecision.VendorDelay(Answer(HttpStatusCode.TooManyRequests, ("Retry-After", "2")), Now, useJitter: true, () => 1.0).Should().Be(TimeSpan.FromSeconds(2.2));
    }

    [Test]
    public void VendorDelay_TooManyRequestsWithResetHeader_WaitsForTheReset()
    {
        RetryDecision.VendorDelay(Answer(HttpStatusCode.TooManyRequests, ("X-RateLimit-Reset", "3")), Now, useJitter: false, () => 0).Should().Be(TimeSpan.FromSeconds(3));
    }

    [Test]
    public void VendorDelay_NoHint_LeavesTheBackoffToPolly()
    {
        RetryDecision.VendorDelay(Answer(HttpStatusCode.ServiceUnavailable), Now, useJitter: true, () => 0.5).Should().BeNull();
        RetryDecision.VendorDelay(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("x")), Now, true, () => 0.5).Should().BeNull();
    }
}
