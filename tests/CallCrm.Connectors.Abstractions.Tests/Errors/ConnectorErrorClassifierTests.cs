using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Xml;
using CallCrm.Connectors.Errors;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Abstractions.Tests.Errors;

public class ConnectorErrorClassifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 10, 21, 7, 20, 0, TimeSpan.Zero);

    [TestCase(400, "VALIDATION_FAILED", false)]
    [TestCase(401, "AUTHENTICATION_FAILED", false)]
    [TestCase(403, "PERMISSION_DENIED", false)]
    [TestCase(404, "NOT_FOUND", false)]
    [TestCase(408, "TIMEOUT", true)]
    [TestCase(409, "CONFLICT", false)]
    [TestCase(422, "VALIDATION_FAILED", false)]
    [TestCase(429, "RATE_LIMITED", true)]
    [TestCase(500, "SERVICE_UNAVAILABLE", true)]
    [TestCase(502, "SERVICE_UNAVAILABLE", true)]
    [TestCase(503, "SERVICE_UNAVAILABLE", true)]
    [TestCase(504, "SERVICE_UNAVAILABLE", true)]
    [TestCase(507, "SERVICE_UNAVAILABLE", true)]
    [TestCase(418, "UNKNOWN", false)]
    [TestCase(302, "UNKNOWN", false)]
    public void FromHttpResponse_Status_MapsToCodeAndTransience(int status, string code, bool transient)
    {
        var error = ConnectorErrorClassifier.FromHttpResponse(status, "HubSpot");

        error.Code.Should().Be(new ConnectorErrorCode(code));
        error.IsTransient.Should().Be(transient);
        error.HttpStatus.Should().Be(status);
        error.SystemName.Should().Be("HubSpot");
        error.TechnicalDetail.Should().Be($"HTTP {status}");
    }

    [Test]
    public void FromHttpResponse_429_KeepsRetryAfterAndSaysWhenInTheMessage()
    {
        var error = ConnectorErrorClassifier.FromHttpResponse(429, "HubSpot", retryAfter: TimeSpan.FromSeconds(30));

        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(30));
        error.GetUserMessage(System.Globalization.CultureInfo.GetCultureInfo("en")).Should().EndWith("The next try is in about 30 seconds.");
    }

    [Test]
    public void FromHttpResponse_422_KeepsFieldErrorsAndDetail()
    {
        FieldError[] fields = [new("phone", "INVALID_PHONE"), new("email", "required")];

        var error = ConnectorErrorClassifier.FromHttpResponse(422, "HubSpot", fieldErrors: fields, technicalDetail: "POST /crm/v3/objects/calls: 422");

        error.Code.Should().Be(ConnectorErrorCode.ValidationFailed);
        error.FieldErrors.Should().Equal(fields);
        error.TechnicalDetail.Should().Be("POST /crm/v3/objects/calls: 422");
        error.GetUserMessage(System.Globalization.CultureInfo.GetCultureInfo("en")).Should().Contain("phone, email");
    }

    [TestCase(99)]
    [TestCase(600)]
    public void FromHttpResponse_NotAStatusCode_Throws(int status)
    {
        var act = () => ConnectorErrorClassifier.FromHttpResponse(status);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public async Task FromException_RefusedConnection_IsUnreachableAndTransient()
    {
        using var client = new HttpClient();
        var port = LoopbackTcpServer.ClosedPort();

        var exception = await CatchAsync(() => client.GetAsync(new Uri($"http://127.0.0.1:{port}/")));
        var error = ConnectorErrorClassifier.FromException(exception, "HubSpot");

        exception.Should().BeOfType<HttpRequestException>().Which.HttpRequestError.Should().Be(HttpRequestError.ConnectionError);
        error.Code.Should().Be(ConnectorErrorCode.Unreachable);
        error.IsTransient.Should().BeTrue();
        error.SystemName.Should().Be("HubSpot");
        error.TechnicalDetail.Should().StartWith("HttpRequestException: ");
    }

    [Test]
    public async Task FromException_RefusedSocket_IsUnreachable()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        var exception = await CatchAsync(() => socket.ConnectAsync(IPAddress.Loopback, LoopbackTcpServer.ClosedPort()));

        exception.Should().BeOfType<SocketException>().Which.SocketErrorCode.Should().Be(SocketError.ConnectionRefused);
        ConnectorErrorClassifier.FromException(exception).Should().Match<ConnectorError>(e => e.Code == ConnectorErrorCode.Unreachable && e.IsTransient);
    }

    [Test]
    public async Task FromException_DnsFailureThroughHttpClient_IsUnreachable()
    {
        // .invalid is reserved (RFC 2606): it never resolves, so no host is contacted.
        using var client = new HttpClient();

        var exception = await CatchAsync(() => client.GetAsync(new Uri("http://crm.example.invalid/")));

        exception.Should().BeOfType<HttpRequestException>().Which.HttpRequestError.Should().Be(HttpRequestError.NameResolutionError);
        ConnectorErrorClassifier.FromException(exception).Should().Match<ConnectorError>(e => e.Code == ConnectorErrorCode.Unreachable && e.IsTransient);
    }

    [Test]
    public async Task FromException_DnsFailureFromResolver_IsUnreachable()
    {
        var exception = await CatchAsync(() => Dns.GetHostAddressesAsync("crm.example.invalid"));

        exception.Should().BeOfType<SocketException>();
        ConnectorErrorClassifier.FromException(exception).Should().Match<ConnectorError>(e => e.Code == ConnectorErrorCode.Unreachable && e.IsTransient);
    }

    [Test]
    public async Task FromException_ResetConnection_IsUnreachable()
    {
        await using var server = new LoopbackTcpServer((socket, _) =>
        {
            // Linger 0 makes Close send RST instead of FIN: the client sees a reset connection.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
            return Task.CompletedTask;
        });
        using var client = new HttpClient();

        var exception = await CatchAsync(() => client.GetAsync(server.Address));

        exception.Should().BeOfType<HttpRequestException>();
        ConnectorErrorClassifier.FromException(exception).Should().Match<ConnectorError>(e => e.Code == ConnectorErrorCode.Unreachable && e.IsTransient);
    }

    [Test]
    public async Task FromException_TlsHandshakeWithNonTlsServer_IsTlsFailureAndNotTransient()
    {
        await using var server = new LoopbackTcpServer(async (socket, ct) =>
            await socket.SendAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), SocketFlags.None, ct));
        using var client = new HttpClient();

        var exception = await CatchAsync(() => client.GetAsync(new Uri($"https://127.0.0.1:{server.Port}/")));
        var error = ConnectorErrorClassifier.FromException(exception, "Salesforce");

        exception.Should().BeOfType<HttpRequestException>().Which.HttpRequestError.Should().Be(HttpRequestError.SecureConnectionError);
        error.Code.Should().Be(ConnectorErrorCode.TlsFailure);
        error.IsTransient.Should().BeFalse();
    }

    [Test]
    public async Task FromException_AuthenticationExceptionFromSslStream_IsTlsFailure()
    {
        await using var server = new LoopbackTcpServer(async (socket, ct) =>
            await socket.SendAsync(Encoding.ASCII.GetBytes(new string('x', 64)), SocketFlags.None, ct));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        await using var tls = new SslStream(tcp.GetStream());

        var exception = await CatchAsync(() => tls.AuthenticateAsClientAsync("localhost"));

        exception.Should().BeAssignableTo<AuthenticationException>();
        ConnectorErrorClassifier.FromException(exception).Should().Match<ConnectorError>(e => e.Code == ConnectorErrorCode.TlsFailure && !e.IsTransient);
    }

    [Test]
    public async Task FromException_AttemptTimeoutCancelsRequest_IsTimeoutAndNotCallerCancellation()
    {
        await using var server = new LoopbackTcpServer((_, ct) => Task.Delay(Timeout.Infinite, ct));
        var time = new FakeTimeProvider(Now);
        using var caller = new CancellationTokenSource();
        using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(30), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(caller.Token, attempt.Token);
        using var client = new HttpClient();

        var request = client.GetAsync(server.Address, linked.Token);
        await server.RequestReceived;
        time.Advance(TimeSpan.FromSeconds(30));
        var exception = await CatchAsync(() => request);

        exception.Should().BeAssignableTo<OperationCanceledException>();
        ConnectorErrorClassifier.IsCallerCancellation(exception, caller.Token).Should().BeFalse();
        ConnectorErrorClassifier.FromException(exception, "Zendesk").Should().Match<ConnectorError>(e => e.Code == ConnectorErrorCode.Timeout && e.IsTransient);
    }

    [Test]
    public async Task IsCallerCancellation_CallerCancelledRequest_IsTrue()
    {
        await using var server = new LoopbackTcpServer((_, ct) => Task.Delay(Timeout.Infinite, ct));
        using var caller = new CancellationTokenSource();
        using var client = new HttpClient();

        var request = client.GetAsync(server.Address, caller.Token);
        await server.RequestReceived;
        await caller.CancelAsync();
        var exception = await CatchAsync(() => request);

        exception.Should().BeOfType<TaskCanceledException>();
        ConnectorErrorClassifier.IsCallerCancellation(exception, caller.Token).Should().BeTrue();
        ConnectorErrorClassifier.IsCallerCancellation(new HttpRequestException("x"), caller.Token).Should().BeFalse();
    }

    [Test]
    public void FromException_TimeoutException_IsTimeout()
    {
        var error = ConnectorErrorClassifier.FromException(new TimeoutException("The operation has timed out."));

        error.Code.Should().Be(ConnectorErrorCode.Timeout);
        error.IsTransient.Should().BeTrue();
    }

    [Test]
    public async Task FromException_InvalidHttpResponse_IsMalformedResponse()
    {
        await using var server = new LoopbackTcpServer(async (socket, ct) =>
            await socket.SendAsync("this is not HTTP\r\n\r\n"u8.ToArray(), SocketFlags.None, ct));
        using var client = new HttpClient();

        var exception = await CatchAsync(() => client.GetAsync(server.Address));

        exception.Should().BeOfType<HttpRequestException>().Which.HttpRequestError.Should().Be(HttpRequestError.InvalidResponse);
        ConnectorErrorClassifier.FromException(exception).Code.Should().Be(ConnectorErrorCode.MalformedResponse);
    }

    [Test]
    public void FromException_InvalidJson_IsMalformedResponse()
    {
        var exception = Catch(() => JsonDocument.Parse("{\"id\": 42,"));

        exception.Should().BeAssignableTo<JsonException>();
        ConnectorErrorClassifier.FromException(exception).Should().Match<ConnectorError>(e => e.Code == ConnectorErrorCode.MalformedResponse && !e.IsTransient);
    }

    [Test]
    public void FromException_InvalidXml_IsMalformedResponse()
    {
        var exception = Catch(() => new XmlDocument().LoadXml("<soap:Envelope><unclosed>"));

        exception.Should().BeOfType<XmlException>();
        ConnectorErrorClassifier.FromException(exception).Code.Should().Be(ConnectorErrorCode.MalformedResponse);
    }

    [Test]
    public async Task FromException_EnsureSuccessStatusCode_MapsTheStatus()
    {
        await using var server = new LoopbackTcpServer(async (socket, ct) =>
            await socket.SendAsync("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), SocketFlags.None, ct));
        using var client = new HttpClient();
        using var response = await client.GetAsync(server.Address);

        var exception = Catch(() => response.EnsureSuccessStatusCode());
        var error = ConnectorErrorClassifier.FromException(exception, "HubSpot");

        error.Code.Should().Be(ConnectorErrorCode.ServiceUnavailable);
        error.IsTransient.Should().BeTrue();
        error.HttpStatus.Should().Be(503);
    }

    [Test]
    public void FromException_ConnectorException_PassesThroughAndGainsTheSystemName()
    {
        var original = new ConnectorError { Code = ConnectorErrorCode.BudgetExhausted, TechnicalDetail = "daily limit 250000 reached" };

        var error = ConnectorErrorClassifier.FromException(new ConnectorException(original), "HubSpot");
        var wrapped = ConnectorErrorClassifier.FromException(new AggregateException(new ConnectorException(original with { SystemName = "Zoho" })), "HubSpot");

        error.Should().Be(original with { SystemName = "HubSpot" });
        wrapped.SystemName.Should().Be("Zoho", "a name the provider gave is kept");
        wrapped.Code.Should().Be(ConnectorErrorCode.BudgetExhausted);
    }

    [Test]
    public void FromException_Unclassified_IsUnknownWithDetailForLogs()
    {
        var error = ConnectorErrorClassifier.FromException(new InvalidOperationException("state machine broke"), "HubSpot");

        error.Code.Should().Be(ConnectorErrorCode.Unknown);
        error.IsTransient.Should().BeFalse();
        error.TechnicalDetail.Should().Be("InvalidOperationException: state machine broke");
    }

    [Test]
    public void ToConnectorException_WrapsOnceAndKeepsTheCause()
    {
        var cause = new TimeoutException("slow");

        var wrapped = ConnectorErrorClassifier.ToConnectorException(cause, "HubSpot");

        wrapped.Code.Should().Be(ConnectorErrorCode.Timeout);
        wrapped.InnerException.Should().BeSameAs(cause);
        ConnectorErrorClassifier.ToConnectorException(wrapped).Should().BeSameAs(wrapped);
    }

    [TestCase("120", 120)]
    [TestCase(" 5 ", 5)]
    [TestCase("0", 0)]
    [TestCase("Wed, 21 Oct 2026 07:28:00 GMT", 480)]
    [TestCase("Wednesday, 21-Oct-26 07:28:00 GMT", 480)]
    [TestCase("Wed Oct 21 07:28:00 2026", 480)]
    [TestCase("Wed, 21 Oct 2026 07:00:00 GMT", 0)]
    public void ParseRetryAfter_SecondsOrHttpDate_IsTheWait(string value, int seconds)
    {
        ConnectorErrorClassifier.ParseRetryAfter(value, Now).Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    [TestCase("-1")]
    [TestCase("1.5")]
    [TestCase("12abc")]
    [TestCase("soon")]
    [TestCase("2026-10-21T07:28:00Z")]
    public void ParseRetryAfter_NotUnderstood_IsNull(string? value)
    {
        ConnectorErrorClassifier.ParseRetryAfter(value, Now).Should().BeNull();
    }

    [Test]
    public void ParseRetryAfter_HugeNumber_IsClampedNotDropped()
    {
        ConnectorErrorClassifier.ParseRetryAfter("99999999999999999999999", Now).Should().Be(TimeSpan.MaxValue);
    }

    [Test]
    public void ParseRetryAfter_WithTimeProvider_UsesItsNow()
    {
        var time = new FakeTimeProvider(Now);
        time.Advance(TimeSpan.FromMinutes(5));

        ConnectorErrorClassifier.ParseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT", time).Should().Be(TimeSpan.FromMinutes(3));
    }

    private static Exception Catch(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            return ex;
        }

        throw new AssertionException("Expected an exception.");
    }

    private static async Task<Exception> CatchAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            return ex;
        }

        throw new AssertionException("Expected an exception.");
    }
}
