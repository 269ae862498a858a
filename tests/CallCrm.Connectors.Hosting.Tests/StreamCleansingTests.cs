using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CallCrm.Connectors.Hosting.Tests;

public sealed class StreamCleansingTests : HostFixture
{
    private static IConfiguration Json(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build().GetSection("CallCrm");

    private void AddCall(string id, Dictionary<string, string> fields) => CallSystem.AddCall(new CallRecord
    {
        SourceSystem = "test",
        SourceId = id,
        StartedAt = Instant.FromDateTimeOffset(Start) - Duration.FromMinutes(30),
        Status = CallStatus.Completed,
        CustomFields = fields,
    });

    [Test]
    public async Task BindConfiguration_StreamCleansing_CleansCustomFieldsAndDeadLettersRefusedRecords()
    {
        AddCall("CA1", new() { ["customer_email"] = " Zhang.San＠Example.COM ", ["callback_at"] = "2026年11月23日 14:05" });
        AddCall("CA2", new() { ["customer_email"] = "nobody" });
        var configuration = Json("""
            {
              "CallCrm": {
                "RunStreams": false,
                "Streams": {
                  "calls": {
                    "Kind": "CallLog", "Source": "calls", "Sink": "crm",
                    "Cleansing": {
                      "DefaultZone": "Asia/Shanghai",
                      "Fields": {
                        "customer_email": { "CleanText": true, "Normalize": "Email" },
                        "callback_at": { "Normalize": "DateTime" }
                      }
                    }
                  }
                }
              }
            }
            """);
        using var host = NewHostBuilder(c => c.BindConfiguration(configuration)).Build();
        await host.StartAsync();
        var streams = host.Services.GetRequiredService<ConnectorStreams>();
        await streams.InitializeAsync();

        var report = await streams.GetCallLogStream("calls").RunOnceAsync();

        report.DeadLettered.Should().Be(1);
        var written = Crm.GetActivities("test:CA1").Should().ContainSingle().Subject;
        written.CustomFields.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["customer_email"] = "Zhang.San@example.com",
            ["callback_at"] = "2026-11-23T06:05:00Z",
        });
        Crm.CountActivities("test:CA2").Should().Be(0);
        var dead = await host.Services.GetRequiredService<IConnectorStateStore>().DeadLetters.ListAsync(new DeadLetterQuery("calls"));
        dead.Should().ContainSingle().Which.Message.ErrorCode.Should().Be("INVALID_RECORD");
        await host.StopAsync();
    }

    [Test]
    public async Task StartAsync_InvalidCleansing_FailsNamingTheSetting()
    {
        using var host = NewHostBuilder(c => c.AddCallLogStream("calls", "calls", "crm", s =>
            s.Cleansing.Fields["callback_at"] = new Mapping.FieldCleansingRule { Normalize = Mapping.FieldNormalization.DateTime })).Build();

        var start = async () => await host.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Message.Should().Contain("Stream 'calls'").And.Contain("DefaultZone").And.Contain("Fix CallCrm:Streams:calls:Cleansing");
    }
}
