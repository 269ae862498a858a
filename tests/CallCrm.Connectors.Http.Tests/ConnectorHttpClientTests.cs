using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Serialization;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Http.Tests;

public class ConnectorHttpClientTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    [Test]
    public async Task SendAsync_AnyRequest_SendsUserAgentApiVersionAndAcceptsCompressedAnswers()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/echo", (HttpContext context) =>
            Results.Text($"{context.Request.Headers.UserAgent}|{context.Request.Headers["X-Api-Version"]}|{context.Request.Headers.AcceptEncoding}")));
        await using var services = TestClients.Build(vendor, options =>
        {
            options.ApiVersion = "2024-10";
            options.ApiVersionHeaderName = "X-Api-Version";
            options.UserAgent = "AcmeConnector/1.2";
        });

        var echo = (await services.Client(TestClients.Name).GetStringAsync(new Uri("echo", UriKind.Relative))).Split('|');

        echo[0].Should().Be("AcmeConnector/1.2");
        echo[1].Should().Be("2024-10");
        echo[2].Should().Contain("gzip").And.Contain("br");
    }

    [Test]
    public async Task GetStringAsync_GzipAnswer_IsDecompressed()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/zipped", async context =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            await using var gzip = new GZipStream(context.Response.Body, CompressionLevel.Fastest);
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("{\"ok\":true}"));
        }));
        await using var services = TestClients.Build(vendor);

        (await services.Client(TestClients.Name).GetStringAsync(new Uri("zipped", UriKind.Relative))).Should().Be("{\"ok\":true}");
    }

    [Test]
    public async Task PostAsync_CompressRequestBody_SendsGzipOnlyAboveTheMinimum()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/upload", async context =>
        {
            var encoding = context.Request.Headers.ContentEncoding.ToString();
            Stream body = encoding == "gzip" ? new GZipStream(context.Request.Body, CompressionMode.Decompress) : context.Request.Body;
            using var reader = new StreamReader(body);
            await context.Response.WriteAsync(encoding + "|" + await reader.ReadToEndAsync());
        }));
        await using var services = TestClients.Build(vendor, options =>
        {
            options.CompressRequestBody = true;
            options.RequestCompressionMinimumBytes = 100;
        });
        var client = services.Client(TestClients.Name);
        var large = new string('x', 500);

        var compressed = await (await client.PostAsync(new Uri("upload", UriKind.Relative), new StringContent(large))).Content.ReadAsStringAsync();
        var plain = await (await client.PostAsync(new Uri("upload", UriKind.Relative), new StringContent("small"))).Content.ReadAsStringAsync();

        compressed.Should().Be("gzip|" + large);
        plain.Should().Be("|small");
    }

    [Test]
    public void Startup_PlainHttpBaseAddress_FailsValidationNamingHttps()
    {
        var act = () => Services.Build(services => services.AddCallCrmHttpClient("crm", o => o.BaseAddress = new Uri("http://crm.example.com/")));

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("https").And.Contain("INSECURE_TRANSPORT");
    }

    [Test]
    public void Startup_PlainHttpLoopbackWithoutOptIn_FailsValidation()
    {
        var act = () => Services.Build(services => services.AddCallCrmHttpClient("crm", o => o.BaseAddress = new Uri("http://127.0.0.1:5005/")));

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("AllowInsecureLoopback");
    }

    [Test]
    public async Task SendAsync_PlainHttpUrlWithoutLoopbackOptIn_IsRefusedBeforeAnyRequest()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/data", () => "secret data"));
        await using var services = Services.Build(s => s.AddCallCrmHttpClient("crm", o =>
        {
            o.BaseAddress = new Uri("https://crm.example.com/");
            o.SystemName = "Example CRM";
        }));

        var act = () => services.Client("crm").GetStringAsync(vendor.Url("data"));

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.InsecureTransport);
        exception.Error.GetUserMessage(English).Should().Contain("Example CRM").And.Contain("not secure");
        vendor.Hits.Should().Be(0);
    }

    [Test]
    public async Task SendAsync_PlainHttpLoopbackWithOptIn_IsAllowed()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/data", () => "hello"));
        await using var services = TestClients.Build(vendor);

        (await services.Client(TestClients.Name).GetStringAsync(new Uri("data", UriKind.Relative))).Should().Be("hello");
    }

    [Test]
    public async Task SendAsync_RedirectOnVendorHost_IsFollowed()
    {
        await using var vendor = await VendorFake.StartAsync(app =>
        {
            app.Map("/old", () => Results.Redirect("/new"));
            app.Map("/new", () => "moved here");
        });
        await using var services = TestClients.Build(vendor);

        (await services.Client(TestClients.Name).GetStringAsync(new Uri("old", UriKind.Relative))).Should().Be("moved here");
        vendor.Hits.Should().Be(2);
    }

    [Test]
    public async Task SendAsync_RedirectToAnotherHost_IsRefusedAndTheOtherHostNeverCalled()
    {
        await using var other = await VendorFake.StartAsync(app => app.Map("/steal", () => "gotcha"));
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/go", () => Results.Redirect(other.Url("steal").ToString())));
        await using var services = TestClients.Build(vendor);

        var act = () => services.Client(TestClients.Name).GetStringAsync(new Uri("go", UriKind.Relative));

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.InsecureTransport);
        exception.Error.TechnicalDetail.Should().Contain(other.BaseAddress.Port.ToString(CultureInfo.InvariantCulture)).And.Contain("not the vendor's host");
        other.Hits.Should().Be(0);
    }

    [Test]
    public async Task SendAsync_NextLinkToAnotherHost_IsRefused()
    {
        await using var other = await VendorFake.StartAsync(app => app.Map("/page2", () => "{}"));
        await using var vendor = await VendorFake.StartAsync(_ => { });
        await using var services = TestClients.Build(vendor);

        var act = () => services.Client(TestClients.Name).GetStringAsync(other.Url("page2"));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.InsecureTransport);
        other.Hits.Should().Be(0);
    }

    [Test]
    public async Task SendAsync_RedirectLoop_StopsAfterMaxRedirects()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/loop", () => Results.Redirect("/loop")));
        await using var services = TestClients.Build(vendor, o => o.MaxRedirects = 3);

        var act = () => services.Client(TestClients.Name).GetStringAsync(new Uri("loop", UriKind.Relative));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Error.TechnicalDetail.Should().Contain("More than 3 redirects");
        vendor.Hits.Should().Be(4);
    }

    [Test]
    public async Task GetAsync_TransientFailures_AreRetriedUntilSuccess()
    {
        var calls = 0;
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/flaky", () =>
            Interlocked.Increment(ref calls) <= 2 ? Results.StatusCode(503) : Results.Text("finally")));
        await using var services = TestClients.Build(vendor);

        (await services.Client(TestClients.Name).GetStringAsync(new Uri("flaky", UriKind.Relative))).Should().Be("finally");
        vendor.Hits.Should().Be(3);
    }

    [Test]
    public async Task PostAsync_ServerError_IsNotRetriedBecauseTheVendorMayHaveActed()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/calls", () => Results.StatusCode(503)));
        await using var services = TestClients.Build(vendor);

        var act = () => services.Client(TestClients.Name).PostAsync(new Uri("calls", UriKind.Relative), new StringContent("{}"));

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.ServiceUnavailable);
        exception.IsTransient.Should().BeTrue();
        vendor.Hits.Should().Be(1);
    }

    [Test]
    public async Task PostAsync_TooManyRequests_IsRetriedAfterRetryAfter()
    {
        var calls = 0;
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/calls", (HttpContext context) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.Headers.RetryAfter = "0";
                return Results.StatusCode(429);
            }

            return Results.Text("created", statusCode: 201);
        }));
        await using var services = TestClients.Build(vendor);

        var response = await services.Client(TestClients.Name).PostAsync(new Uri("calls", UriKind.Relative), new StringContent("{}"));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        vendor.Hits.Should().Be(2);
    }

    [Test]
    public async Task GetAsync_RetryAfterBeyondTheLimit_ReturnsRateLimitedWithTheWait()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/busy", (HttpContext context) =>
        {
            context.Response.Headers.RetryAfter = "600";
            return Results.StatusCode(429);
        }));
        await using var services = TestClients.Build(vendor, o => o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(30));

        var act = () => services.Client(TestClients.Name).GetAsync(new Uri("busy", UriKind.Relative));

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.RateLimited);
        exception.Error.RetryAfter.Should().Be(TimeSpan.FromMinutes(10));
        vendor.Hits.Should().Be(1);
    }

    [Test]
    public async Task GetAsync_NotFound_ThrowsNotFoundUnlessTheRequestExpectsIt()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/contacts/{id}", () => Results.NotFound()));
        await using var services = TestClients.Build(vendor);
        var client = services.Client(TestClients.Name);

        var act = () => client.GetAsync(new Uri("contacts/42", UriKind.Relative));
        (await act.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.NotFound);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("contacts/42", UriKind.Relative)).AllowStatusCodes(404);
        (await client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task PostAsync_UnprocessableEntity_CarriesFieldErrorsIntoTheFriendlyMessage()
    {
        // A vendor shape the generic parser does not know, read by the provider's FieldErrorReader hook.
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/calls", () => Results.Text(
            """{"status":"error","problems":[{"message":"Property \"hs_call_duration\" must be a number","property":"hs_call_duration"}]}""",
            "application/json",
            statusCode: 422)));
        await using var services = TestClients.Build(vendor, o => o.FieldErrorReader = root =>
            [.. root.GetProperty("problems").EnumerateArray().Select(p => new FieldError(p.GetProperty("property").GetString()!, p.GetProperty("message").GetString()!))]);

        var act = () => services.Client(TestClients.Name).PostAsync(new Uri("calls", UriKind.Relative), new StringContent("{}"));

        var error = (await act.Should().ThrowAsync<ConnectorException>()).Which.Error;
        error.Code.Should().Be(ConnectorErrorCode.ValidationFailed);
        error.HttpStatus.Should().Be(422);
        error.FieldErrors.Should().Equal(new FieldError("hs_call_duration", "Property \"hs_call_duration\" must be a number"));
        error.GetUserMessage(English).Should().Contain("Acme CRM").And.Contain("hs_call_duration");
        error.TechnicalDetail.Should().Be($"HTTP 422 Unprocessable Entity for POST {vendor.BaseAddress.GetLeftPart(UriPartial.Authority)}");
    }

    [Test]
    public async Task GetAsync_ConnectionRefused_ThrowsUnreachable()
    {
        var vendor = await VendorFake.StartAsync(_ => { });
        var address = vendor.BaseAddress;
        await vendor.DisposeAsync();
        await using var services = Services.Build(s => s.AddCallCrmHttpClient("gone", o =>
        {
            o.BaseAddress = address;
            o.AllowInsecureLoopback = true;
            o.Retry.MaxRetryAttempts = 0;
        }));

        var act = () => services.Client("gone").GetAsync(new Uri("x", UriKind.Relative));

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.Unreachable);
        exception.IsTransient.Should().BeTrue();
    }

    [Test]
    public async Task GetAsync_NoAnswerWithinTheAttemptTimeout_ThrowsTimeout()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/slow", async (HttpContext context) =>
        {
            // Never answers on its own: only the client giving up (aborting the request) ends this.
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }));
        await using var services = TestClients.Build(vendor, o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.Retry.MaxRetryAttempts = 0;
        });

        var act = () => services.Client(TestClients.Name).GetAsync(new Uri("slow", UriKind.Relative));

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.Timeout);
        exception.IsTransient.Should().BeTrue();
    }

    [Test]
    public async Task GetAsync_CallerCancels_ThrowsOperationCanceledNotAConnectorError()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/slow", async (HttpContext context) =>
            await Task.Delay(Timeout.Infinite, context.RequestAborted)));
        await using var services = TestClients.Build(vendor);
        using var cancellation = new CancellationTokenSource();

        var call = services.Client(TestClients.Name).GetAsync(new Uri("slow", UriKind.Relative), cancellation.Token);
        await cancellation.CancelAsync();

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
    }

    [Test]
    public async Task ReadJsonAsync_BodyIsNotJson_ThrowsMalformedResponse()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/contact", () => Results.Text("<html>maintenance</html>", "text/html")));
        await using var services = TestClients.Build(vendor);
        using var response = await services.Client(TestClients.Name).GetAsync(new Uri("contact", UriKind.Relative));

        var act = () => response.ReadJsonAsync(TestJsonContext.Default.Contact, TestClients.SystemName);

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.MalformedResponse);
        exception.Error.GetUserMessage(English).Should().Contain("Acme CRM");
    }

    [Test]
    public async Task ReadJsonAsync_ValidBody_ReadsThePayload()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/contact", () => Results.Text("""{"id":"42","name":"Ada"}""", "application/json")));
        await using var services = TestClients.Build(vendor);
        using var response = await services.Client(TestClients.Name).GetAsync(new Uri("contact", UriKind.Relative));

        (await response.ReadJsonAsync(TestJsonContext.Default.Contact)).Should().Be(new Contact("42", "Ada"));
    }

    [Test]
    public void AddCallCrmHttpClient_SameNameTwice_Throws()
    {
        var services = new ServiceCollection();
        services.AddCallCrmHttpClient("crm", o => o.BaseAddress = new Uri("https://crm.example.com/"));

        var act = () => services.AddCallCrmHttpClient("crm", o => o.BaseAddress = new Uri("https://crm.example.com/"));

        act.Should().Throw<InvalidOperationException>().WithMessage("*'crm'*already registered*");
    }

    [Test]
    public async Task AddCallCrmHttpClient_Typed_InjectsTheConfiguredClientAndTheKeyedGuard()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/ping", () => "pong"));
        await using var services = Services.Build(s => s.AddCallCrmHttpClient<AcmeApi>("acme", o =>
        {
            o.BaseAddress = vendor.BaseAddress;
            o.AllowInsecureLoopback = true;
        }));

        var api = services.GetRequiredService<AcmeApi>();

        (await api.PingAsync()).Should().Be("pong");
        services.GetRequiredKeyedService<VendorUrlGuard>("acme").BaseAddress.Should().Be(vendor.BaseAddress);
    }

    [Test]
    public async Task AddCallCrmHttpClient_FromConfiguration_BindsNestedRetryAndHostList()
    {
        var calls = 0;
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/flaky", () => Interlocked.Increment(ref calls) == 1 ? Results.StatusCode(502) : Results.Text("ok")));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crm:BaseAddress"] = vendor.BaseAddress.ToString(),
            ["Crm:AllowInsecureLoopback"] = "true",
            ["Crm:SystemName"] = "Configured CRM",
            ["Crm:Retry:MaxRetryAttempts"] = "1",
            ["Crm:Retry:BaseDelay"] = "00:00:00",
            ["Crm:AdditionalAllowedHosts:0"] = "files.example.com",
        }).Build();
        await using var services = Services.Build(s => s.AddCallCrmHttpClient("crm", configuration.GetSection("Crm")));

        (await services.Client("crm").GetStringAsync(new Uri("flaky", UriKind.Relative))).Should().Be("ok");
        var options = services.GetRequiredService<IOptionsMonitor<ConnectorHttpClientOptions>>().Get("crm");
        options.Retry.MaxRetryAttempts.Should().Be(1);
        options.AdditionalAllowedHosts.Should().Equal("files.example.com");
        services.GetRequiredKeyedService<VendorUrlGuard>("crm").IsAllowed(new Uri("https://files.example.com/r.mp3")).Should().BeTrue();
    }

    public sealed record Contact(string Id, string Name);

    public sealed class AcmeApi(HttpClient client)
    {
        public Task<string> PingAsync() => client.GetStringAsync(new Uri("ping", UriKind.Relative));
    }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ConnectorHttpClientTests.Contact))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
