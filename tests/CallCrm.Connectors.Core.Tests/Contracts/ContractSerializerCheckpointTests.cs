using System.Text;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Contracts;
using CallCrm.Connectors.Errors;
using NodaTime;

namespace CallCrm.Connectors.Core.Tests.Contracts;

public class ContractSerializerCheckpointTests
{
    private static readonly WatermarkCheckpoint Watermark =
        new(Instant.FromUtc(2026, 11, 23, 14, 5, 0) + Duration.FromNanoseconds(123_456_789), "CA0001");

    private static readonly CursorCheckpoint Cursor = new("https://graph.example.invalid/delta?$deltatoken=a1b2&page=3");

    [Test]
    public void SerializeCheckpoint_Watermark_EmitsTheGoldenBytesWithNanoseconds()
    {
        GoldenFile.ShouldMatch(ContractSerializer.SerializeCheckpoint(Watermark), "checkpoint.watermark.v1.json");
    }

    [Test]
    public void SerializeCheckpoint_Cursor_EmitsTheGoldenBytesUnescaped()
    {
        GoldenFile.ShouldMatch(ContractSerializer.SerializeCheckpoint(Cursor), "checkpoint.cursor.v1.json");
    }

    [Test]
    public void DeserializeCheckpoint_Goldens_AreTheCheckpoints()
    {
        ContractSerializer.DeserializeCheckpoint(GoldenFile.Read("checkpoint.watermark.v1.json")).Should().Be(Watermark);
        ContractSerializer.DeserializeCheckpoint(GoldenFile.Read("checkpoint.cursor.v1.json")).Should().Be(Cursor);
    }

    [Test]
    public void SerializeCheckpoint_StartWatermark_RoundTrips()
    {
        var bytes = ContractSerializer.SerializeCheckpoint(WatermarkCheckpoint.Start);

        ContractSerializer.DeserializeCheckpoint(bytes).Should().Be(WatermarkCheckpoint.Start);
    }

    [TestCase("""{"contractVersion":1,"kind":"bookmark","cursor":"x"}""")]
    [TestCase("""{"contractVersion":1,"cursor":"x"}""")]
    [TestCase("""{"contractVersion":1,"kind":"watermark","tieBreakId":"x"}""")]
    [TestCase("""{"contractVersion":1,"kind":"cursor"}""")]
    [TestCase("""{"kind":"cursor","cursor":"x"}""")]
    public void DeserializeCheckpoint_Ambiguous_IsRefusedRatherThanResumingSomewhereElse(string json)
    {
        var act = () => ContractSerializer.DeserializeCheckpoint(Encoding.UTF8.GetBytes(json));

        act.Should().Throw<ConnectorException>().Which.Code.Should().Be(ConnectorErrorCode.InvalidRecord);
    }

    [Test]
    public void DeserializeCheckpoint_FutureVersion_ThrowsUnsupportedContractVersion()
    {
        var act = () => ContractSerializer.DeserializeCheckpoint("""{"contractVersion":2,"kind":"cursor","cursor":"x"}"""u8);

        act.Should().Throw<ConnectorException>().Which.Code.Should().Be(ConnectorErrorCode.UnsupportedContractVersion);
    }

    [Test]
    public void DeserializeCheckpoint_UnknownFields_AreIgnored()
    {
        var checkpoint = ContractSerializer.DeserializeCheckpoint("""{"kind":"cursor","shard":4,"contractVersion":1,"cursor":"seq-17"}"""u8);

        checkpoint.Should().Be(new CursorCheckpoint("seq-17"));
    }
}
