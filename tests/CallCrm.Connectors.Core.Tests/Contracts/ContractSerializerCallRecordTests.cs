using System.Globalization;
using System.Text;
using CallCrm.Connectors.Contracts;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using NodaTime;

namespace CallCrm.Connectors.Core.Tests.Contracts;

public class ContractSerializerCallRecordTests
{
    private static readonly Instant Started = Instant.FromUtc(2026, 11, 23, 14, 5, 0);

    /// <summary>The model call-record.v2.json describes.</summary>
    internal static CallRecord V2Model() => new()
    {
        SourceSystem = "twilio",
        SourceId = "CA0001",
        Direction = CallDirection.Inbound,
        From = new PhoneNumber("+86 138 0013 8000", "+8613800138000"),
        To = new PhoneNumber("400-820-8820", "+864008208820", "8001"),
        Agent = "李雷",
        Queue = "vip-support",
        StartedAt = Started,
        AnsweredAt = Started + Duration.FromSeconds(12),
        EndedAt = Started + Duration.FromMilliseconds(217_500),
        Duration = Duration.FromMilliseconds(205_500),
        Status = CallStatus.Completed,
        IsFinal = true,
        Disposition = "resolved",
        RecordingUrl = new Uri("https://recordings.example.invalid/CA0001.mp3?sig=x&ttl=60"),
        CustomerReference = "crm-42",
        ParentSourceId = "CA0000",
        UpdatedAt = Instant.FromUtc(2026, 11, 23, 14, 9, 0),

        // Inserted out of order: the writer sorts them.
        CustomFields = new Dictionary<string, string> { ["priority"] = "high", ["language"] = "zh-CN" },
    };

    [Test]
    public void SerializeCallRecord_Model_EmitsTheV2GoldenBytes()
    {
        GoldenFile.ShouldMatch(ContractSerializer.SerializeCallRecord(V2Model()), "call-record.v2.json");
    }

    [Test]
    public void DeserializeCallRecord_V2Golden_IsTheModel()
    {
        var record = ContractSerializer.DeserializeCallRecord(GoldenFile.Read("call-record.v2.json"));

        record.Should().BeEquivalentTo(V2Model());
    }

    [Test]
    public void DeserializeCallRecord_V1Golden_UpgradesToTheV2Model()
    {
        var expected = new CallRecord
        {
            SourceSystem = "twilio",
            SourceId = "CA0001",
            Direction = CallDirection.Inbound,
            From = new PhoneNumber("+86 138 0013 8000"),
            To = PhoneNumber.Empty,
            Agent = "李雷",
            Queue = "vip-support",
            StartedAt = Started,
            EndedAt = Started + Duration.FromSeconds(217),
            Duration = Duration.FromSeconds(217),
            Status = CallStatus.Completed,
            IsFinal = true,
            Disposition = "resolved",
            RecordingUrl = new Uri("https://recordings.example.invalid/CA0001.mp3"),
            CustomerReference = "crm-42",
        };

        var record = ContractSerializer.DeserializeCallRecord(GoldenFile.Read("call-record.v1.json"));

        record.Should().BeEquivalentTo(expected);
        record.From.Should().Be(expected.From, "v1's single phone is the inbound caller");
    }

    [Test]
    public void SerializeCallRecord_UpgradedV1_WritesV2()
    {
        var upgraded = ContractSerializer.DeserializeCallRecord(GoldenFile.Read("call-record.v1.json"));

        GoldenFile.ShouldMatch(ContractSerializer.SerializeCallRecord(upgraded), "call-record.v1-upgraded.v2.json");
    }

    [TestCase("outbound", CallDirection.Outbound, false)]
    [TestCase("internal", CallDirection.Internal, true)]
    [TestCase("sideways", CallDirection.Unknown, true)]
    public void DeserializeCallRecord_V1Phone_GoesToTheCustomerSide(string direction, CallDirection expected, bool isCaller)
    {
        var json = $$"""{"contractVersion":1,"sourceSystem":"genesys","sourceId":"g-1","direction":"{{direction}}","phone":"021 5555 0100","startedAt":"2026-11-23T14:05:00Z","status":"ringing"}""";

        var record = ContractSerializer.DeserializeCallRecord(Encoding.UTF8.GetBytes(json));

        record.Direction.Should().Be(expected);
        (isCaller ? record.From : record.To).Raw.Should().Be("021 5555 0100");
        (isCaller ? record.To : record.From).Should().Be(PhoneNumber.Empty);
        record.IsFinal.Should().BeFalse("v1 had no finality flag; a ringing call is not final");
        record.Duration.Should().BeNull();
    }

    [Test]
    public void SerializeCallRecord_MinimalRecord_RoundTrips()
    {
        var minimal = new CallRecord { SourceSystem = "zoom", SourceId = "z-9", StartedAt = Started, IsFinal = false };

        var bytes = ContractSerializer.SerializeCallRecord(minimal);
        var back = ContractSerializer.DeserializeCallRecord(bytes);

        Encoding.UTF8.GetString(bytes).Should().Be(
            """{"contractVersion":2,"sourceSystem":"zoom","sourceId":"z-9","direction":"unknown","startedAt":"2026-11-23T14:05:00Z","status":"unknown","isFinal":false}""");
        back.Should().BeEquivalentTo(minimal);
    }

    [TestCase(3_725_000L, "PT1H2M5S")]
    [TestCase(90_000_000L, "P1DT1H")]
    [TestCase(1L, "PT0.001S")]
    [TestCase(0L, "P0D")]
    public void SerializeCallRecord_Duration_IsIso8601AndRoundTrips(long milliseconds, string iso)
    {
        var record = V2Model() with { Duration = Duration.FromMilliseconds(milliseconds) };

        var json = Encoding.UTF8.GetString(ContractSerializer.SerializeCallRecord(record));

        json.Should().Contain($"\"duration\":\"{iso}\"");
        ContractSerializer.DeserializeCallRecord(Encoding.UTF8.GetBytes(json)).Duration.Should().Be(Duration.FromMilliseconds(milliseconds));
    }

    [TestCase("PT205S", 205)]
    [TestCase("PT3M25S", 205)]
    [TestCase("P1W", 604_800)]
    public void DeserializeCallRecord_AnyFixedIsoDuration_IsRead(string iso, int seconds)
    {
        var json = Encoding.UTF8.GetString(GoldenFile.Read("call-record.v2.json")).Replace("PT3M25.5S", iso, StringComparison.Ordinal);

        ContractSerializer.DeserializeCallRecord(Encoding.UTF8.GetBytes(json)).Duration.Should().Be(Duration.FromSeconds(seconds));
    }

    [TestCase(99)]
    [TestCase(3)]
    public void DeserializeCallRecord_FutureVersion_ThrowsUnsupportedContractVersion(int version)
    {
        var json = Encoding.UTF8.GetString(GoldenFile.Read("call-record.v2.json")).Replace("\"contractVersion\":2", $"\"contractVersion\":{version}", StringComparison.Ordinal);

        var act = () => ContractSerializer.DeserializeCallRecord(Encoding.UTF8.GetBytes(json));

        var error = act.Should().Throw<ConnectorException>().Which.Error;
        error.Code.Should().Be(ConnectorErrorCode.UnsupportedContractVersion);
        error.IsTransient.Should().BeFalse();
        error.TechnicalDetail.Should().Contain($"version {version}").And.Contain("1 to 2");
        error.GetUserMessage(CultureInfo.GetCultureInfo("en")).Should().Contain("newer version of the connector").And.Contain("Update the connector");
        error.GetUserMessage(CultureInfo.GetCultureInfo("zh-CN")).Should().Contain("升级");
    }

    [Test]
    public void DeserializeCallRecord_NoVersion_IsRefusedNotGuessed()
    {
        var json = """{"sourceSystem":"twilio","sourceId":"CA1","phone":"+8613800138000","startedAt":"2026-11-23T14:05:00Z"}""";

        var act = () => ContractSerializer.DeserializeCallRecord(Encoding.UTF8.GetBytes(json));

        act.Should().Throw<ConnectorException>().Which.Error.Should().Match<ConnectorError>(
            e => e.Code == ConnectorErrorCode.InvalidRecord && e.TechnicalDetail!.Contains("no contractVersion"));
    }

    [TestCase("""{"contractVersion":0,"sourceSystem":"a","sourceId":"b"}""")]
    [TestCase("""{"contractVersion":"2","sourceSystem":"a","sourceId":"b"}""")]
    [TestCase("""{"contractVersion":2,"sourceSystem":"a"}""")]
    [TestCase("""{"contractVersion":2,"sourceSystem":"a","sourceId":"b","startedAt":1700000000}""")]
    [TestCase("""{"contractVersion":2,"sourceSystem":"a","sourceId":"b","duration":"P1M"}""")]
    [TestCase("""[{"contractVersion":2}]""")]
    [TestCase("""{"contractVersion":2,"sourceSystem":"a",""")]
    [TestCase("")]
    public void DeserializeCallRecord_InvalidPayload_ThrowsInvalidRecord(string json)
    {
        var act = () => ContractSerializer.DeserializeCallRecord(Encoding.UTF8.GetBytes(json));

        act.Should().Throw<ConnectorException>().Which.Code.Should().Be(ConnectorErrorCode.InvalidRecord);
    }

    [Test]
    public void DeserializeCallRecord_InvalidValue_KeepsTheValueOutOfTheError()
    {
        var json = """{"contractVersion":2,"sourceSystem":"a","sourceId":"b","from":{"raw":"+8613800138000"},"startedAt":"+8613800138000"}""";

        var act = () => ContractSerializer.DeserializeCallRecord(Encoding.UTF8.GetBytes(json));

        var exception = act.Should().Throw<ConnectorException>().Which;
        exception.Message.Should().Contain("startedAt").And.NotContain("13800138000", "technical details go to logs, which never hold phone numbers");
    }

    [Test]
    public void DeserializeCallRecord_UnknownFieldsAndValues_AreIgnored()
    {
        var json = """
            {
              "sentiment": { "score": 0.8, "contractVersion": 99 },
              "contractVersion": 2,
              "sourceSystem": "twilio",
              "sourceId": "CA2",
              "direction": "teleported",
              "from": { "raw": "1001", "carrier": "x" },
              "startedAt": "2026-11-23T14:05:00Z",
              "status": "onHold",
              "labels": [1, 2, 3]
            }
            """;

        var record = ContractSerializer.DeserializeCallRecord(Encoding.UTF8.GetBytes(json));

        record.SourceId.Should().Be("CA2");
        record.From.Should().Be(new PhoneNumber("1001"));
        record.Direction.Should().Be(CallDirection.Unknown, "a direction added by a later SDK reads as unknown");
        record.Status.Should().Be(CallStatus.Unknown);
        record.IsFinal.Should().BeTrue("a missing isFinal keeps the model's default");
    }

    [Test]
    public void SerializeCallRecord_SameFieldsInAnyOrder_GiveTheSameBytes()
    {
        var a = V2Model() with { CustomFields = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1", ["B"] = "3" } };
        var b = V2Model() with { CustomFields = new SortedList<string, string> { ["a"] = "1", ["B"] = "3", ["b"] = "2" } };

        ContractSerializer.SerializeCallRecord(a).Should().Equal(ContractSerializer.SerializeCallRecord(b));
        Encoding.UTF8.GetString(ContractSerializer.SerializeCallRecord(a)).Should().EndWith("""{"B":"3","a":"1","b":"2"}}""");
    }
}
