using CallCrm.Connectors.Http.Tests.Infrastructure;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Webhooks.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Webhooks.Tests;

/// <summary>Start-time validation, configuration binding, registration and secrecy of the options.</summary>
public sealed class WebhookSinkOptionsTests
{
    private static readonly Uri Loopback = new("http://127.0.0.1:9/hooks/tags");

    [TestCase("http://callsystem.example.com/hooks", true, "must use https")]
    [TestCase("http://127.0.0.1:9/hooks", false, "must use https")]
    [TestCase("ftp://callsystem.example.com/hooks", true, "must use https")]
    public void Start_InsecureEndpoint_Refused(string endpoint, bool allowInsecureLoopback, string expected)
    {
        var act = () => SinkHost.Build(new Uri(endpoint), TimeProvider.System, o => o.AllowInsecureLoopback = allowInsecureLoopback);

        StartupErrors(act).Should().Contain("Webhook call-system sink 'webhook': Endpoint " + expected);
    }

    [Test]
    public void Start_HttpsEndpoint_Accepted()
    {
        using var provider = SinkHost.Build(new Uri("https://callsystem.example.com/hooks/tags"), TimeProvider.System, o => o.AllowInsecureLoopback = false);

        provider.Sink().Name.Should().Be("webhook");
    }

    [Test]
    public void Start_BadValues_EveryProblemReported()
    {
        var act = () => SinkHost.Build(Loopback, TimeProvider.System, o =>
        {
            o.Secret = new Secret("short");
            o.PreviousSecret = new Secret("tiny");
            o.MaxBatchSize = 0;
            o.Timeout = TimeSpan.Zero;
            o.ContractVersion = WebhookContract.CurrentVersion + 1;
            o.Headers[WebhookContract.EventIdHeaderName] = "mine";
            o.Headers["Bad Header"] = "x";
        });

        StartupErrors(act).Should().Contain("Secret must be set and hold at least 16 characters")
            .And.Contain("PreviousSecret")
            .And.Contain("MaxBatchSize")
            .And.Contain("Timeout")
            .And.Contain("ContractVersion")
            .And.Contain("must not set 'X-CallCrm-Event-Id'")
            .And.Contain("invalid header");
    }

    [Test]
    public void Start_PreviousSecretEqualToSecret_Refused()
    {
        var act = () => SinkHost.Build(Loopback, TimeProvider.System, o => o.PreviousSecret = new Secret(SinkHost.Secret));

        StartupErrors(act).Should().Contain("PreviousSecret must differ");
    }

    [Test]
    [SetUICulture("en-US")]
    public void Validate_BadValues_NamesTheSinkAndNeverAnInvalidHeaderName()
    {
        var result = new WebhookSinkOptionsValidator().Validate("webhook", BadEndpointSecretAndHeader());

        result.Failures.Should().Equal(
            "Webhook call-system sink 'webhook': Endpoint must use https (INSECURE_TRANSPORT); plain http is allowed only to a loopback address with AllowInsecureLoopback set.",
            "Webhook call-system sink 'webhook': Secret must be set and hold at least 16 characters.",
            "Webhook call-system sink 'webhook': Headers holds an invalid header '(invalid name)'.");
    }

    [Test]
    [SetUICulture("zh-CN")]
    public void Validate_UnderChineseUiCulture_ExplainsInChinese()
    {
        var result = new WebhookSinkOptionsValidator().Validate("webhook", BadEndpointSecretAndHeader());

        result.Failures.Should().Equal(
            "Webhook 呼叫系统写入端“webhook”：Endpoint 必须使用 https（INSECURE_TRANSPORT）；只有设置了 AllowInsecureLoopback 时，才允许用明文 http 访问环回地址。",
            "Webhook 呼叫系统写入端“webhook”：必须设置 Secret，且至少包含 16 个字符。",
            "Webhook 呼叫系统写入端“webhook”：Headers 包含无效的标头“（无效名称）”。");
    }

    [Test]
    public void ToString_NeverShowsSecretsHeaderValuesOrEndpointPath()
    {
        var options = new WebhookSinkOptions
        {
            Endpoint = new Uri("https://callsystem.example.com/hooks/T0K3N-in-path?key=query-token"),
            Secret = new Secret("super-secret-signing-key"),
            PreviousSecret = new Secret("older-secret-signing-key"),
        };
        options.Headers["X-Api-Key"] = "header-api-key";

        var text = options.ToString();

        text.Should().Contain("https://callsystem.example.com").And.Contain("[secret]");
        foreach (var hidden in new[] { "super-secret", "older-secret", "header-api-key", "T0K3N", "query-token" })
        {
            text.Should().NotContain(hidden);
        }
    }

    [Test]
    public async Task AddWebhookCallSystemSink_FromConfiguration_BindsAndPushes()
    {
        await using var receiver = await CapturingReceiver.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sinks:genesys:Endpoint"] = receiver.Endpoint.ToString(),
            ["Sinks:genesys:Secret"] = SinkHost.Secret,
            ["Sinks:genesys:AllowInsecureLoopback"] = "true",
            ["Sinks:genesys:SystemName"] = "Configured",
            ["Sinks:genesys:MaxBatchSize"] = "3",
            ["Sinks:genesys:Headers:X-Tenant"] = "acme",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(SinkHost.Start));
        services.AddWebhookCallSystemSink("genesys", configuration.GetSection("Sinks:genesys"));
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var sink = provider.GetRequiredKeyedService<WebhookCallSystemSink>("genesys");
        var outcomes = await sink.WriteAsync([Updates.For("C-1", 1)]);

        sink.Name.Should().Be("genesys");
        sink.Capabilities.MaxBatchSize.Should().Be(3);
        outcomes.Single().Kind.Should().Be(Providers.RecordOutcomeKind.Written);
        receiver.Requests.Single().Headers["X-Tenant"].Should().Be("acme");
    }

    [Test]
    public void AddWebhookCallSystemSink_SameNameTwice_Throws()
    {
        var services = new ServiceCollection();
        services.AddWebhookCallSystemSink(o => o.Endpoint = Loopback);

        var act = () => services.AddWebhookCallSystemSink(o => o.Endpoint = Loopback);

        act.Should().Throw<InvalidOperationException>().WithMessage("*'webhook' is already registered*");
    }

    [Test]
    public async Task WriteAsync_Logs_NeverHoldSecretsPhoneNumbersCustomerIdsOrEndpointPath()
    {
        await using var receiver = await CapturingReceiver.StartAsync();
        receiver.Respond = (index, _) => new Answer(index == 0 ? 400 : 429, """{"error":"invalid_payload"}""");
        var logs = new CapturingLoggerProvider();
        await using var provider = SinkHost.Build(receiver.Endpoint, new FakeTimeProvider(SinkHost.Start), o => o.Headers["X-Api-Key"] = "header-api-key", logs);
        var update = Updates.For("CUST-SECRET-ID", 1) with { PhoneNumbers = [new PhoneNumber("138 0013 8000", "+8613800138000")] };

        await provider.GetRequiredService<Providers.ICallSystemSink>().WriteAsync([update, update with { Version = 2 }]);

        logs.Lines.Should().NotBeEmpty();
        foreach (var hidden in new[] { SinkHost.Secret, "header-api-key", "8613800138000", "0013", "CUST-SECRET-ID", "/hooks/tags" })
        {
            logs.Lines.Should().NotContain(line => line.Contains(hidden, StringComparison.Ordinal), hidden + " must not be logged");
        }
    }

    // A host reports every invalid options instance at once (an AggregateException when there are several).
    private static WebhookSinkOptions BadEndpointSecretAndHeader()
    {
        var options = new WebhookSinkOptions { Endpoint = new Uri("http://callsystem.example.com/hooks"), Secret = new Secret("short") };
        options.Headers["Bad Header"] = "x";
        return options;
    }

    private static string StartupErrors(Func<ServiceProvider> start)
    {
        try
        {
            start().Dispose();
        }
        catch (OptionsValidationException ex)
        {
            return ex.Message;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            return string.Join(" | ", ex.InnerExceptions.Select(e => e.Message));
        }

        Assert.Fail("The host started with invalid options.");
        return string.Empty;
    }
}
