using CallCrm.Connectors.Security.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CallCrm.Connectors.Security.Tests.Redaction;

public sealed partial class RedactingLoggerTests
{
    private static readonly string[] RawValues =
        ["8613800138000", "13800138000", "jane.doe@example.com", "eyJhbGciOiJIUzI1NiJ9", "sk_live_abcdef123456", "hunter2"];

    [LoggerMessage(Level = LogLevel.Information, Message = "Screen-pop for {Caller} matched {Count} customers ({Email}) in {ElapsedMs:0.0} ms")]
    private static partial void ScreenPop(ILogger logger, string caller, int count, string email, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Calling CRM with {Headers}, key {ApiKey}")]
    private static partial void CallingCrm(ILogger logger, string headers, string apiKey);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Page of {Numbers} fetched at {Watermark}")]
    private static partial void PageFetched(ILogger logger, IEnumerable<string> numbers, long watermark);

    [Test]
    public void AddCallCrmRedaction_StructuredMessage_RedactsMessageAndStateButKeepsNumbersAndTemplate()
    {
        using var services = Build(out var collector);
        var logger = services.GetRequiredService<ILogger<RedactingLoggerTests>>();

        ScreenPop(logger, "+8613800138000", 12345678, "jane.doe@example.com", 12.345);

        var record = collector.LatestRecord;
        record.Message.Should().Be("Screen-pop for +***********00 matched 12345678 customers (j***@e***.com) in 12.3 ms");
        record.GetStructuredStateValue("Caller").Should().Be("+***********00");
        record.GetStructuredStateValue("Count").Should().Be("12345678", "a count is a number, not a phone number");
        record.GetStructuredStateValue("{OriginalFormat}").Should().StartWith("Screen-pop for {Caller}");
    }

    [Test]
    public void AddCallCrmRedaction_FullTraceSession_NoLineCarriesARawValue()
    {
        using var services = Build(out var collector);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("CallCrm.Connectors.Providers.Twilio");

        ScreenPop(logger, "+8613800138000", 1, "jane.doe@example.com", 3);
        CallingCrm(logger, "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "sk_live_abcdef123456");
        PageFetched(logger, ["+8613800138000", "13800138000"], 1718000000);
#pragma warning disable CA1848, CA2254 // deliberately the non-generated API, with a message built at run time
        logger.LogWarning("Customer 13800138000 (jane.doe@example.com) rejected with password=hunter2");
        using (logger.BeginScope("Customer {Phone}", "+8613800138000"))
        {
            logger.LogError(new InvalidOperationException("CRM refused jane.doe@example.com: token sk_live_abcdef123456"), "Write failed");
        }
#pragma warning restore CA1848, CA2254

        var lines = collector.GetSnapshot().Select(r => string.Join(" | ",
            r.Message,
            string.Join(",", r.StructuredState?.Select(kv => kv.Value) ?? []),
            string.Join(",", r.Scopes.Select(s => s?.ToString())),
            r.Exception?.ToString(),
            r.Exception?.Message)).ToList();
        lines.Should().HaveCount(5);
        foreach (var raw in RawValues)
        {
            lines.Should().NotContain(line => line.Contains(raw, StringComparison.Ordinal), "'{0}' is personal data or a secret", raw);
        }

        lines[1].Should().Contain("key [REDACTED]");
        lines[2].Should().Contain("1718000000", "a number passed as a number is not scanned");
        collector.LatestRecord.Exception!.Message.Should().Be("CRM refused j***@e***.com: token [REDACTED]");
        collector.LatestRecord.Exception.ToString().Should().Contain(nameof(InvalidOperationException));
    }

    [Test]
    public void RedactingLoggerProvider_WrapsOneProvider()
    {
        var collector = new FakeLogCollector();
        using var factory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(new RedactingLoggerProvider(new FakeLoggerProvider(collector))));

        ScreenPop(factory.CreateLogger("x"), "+8613800138000", 1, "jane.doe@example.com", 1);

        collector.LatestRecord.Message.Should().NotContain("13800138000").And.NotContain("jane.doe");
    }

    [Test]
    public void AddCallCrmRedaction_DisabledLevel_DoesNotReachTheProvider()
    {
        using var services = Build(out var collector, LogLevel.Information);
        var logger = services.GetRequiredService<ILogger<RedactingLoggerTests>>();

        PageFetched(logger, ["+8613800138000"], 1);

        collector.Count.Should().Be(0);
    }

    private static ServiceProvider Build(out FakeLogCollector collector, LogLevel minimum = LogLevel.Trace)
    {
        var services = new ServiceCollection()
            .AddLogging(builder => builder.AddCallCrmRedaction().SetMinimumLevel(minimum).AddFakeLogging())
            .BuildServiceProvider();
        collector = services.GetFakeLogCollector();
        return services;
    }
}
