using System.Text;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Contracts;
using CallCrm.Connectors.Errors;
using NodaTime;

namespace CallCrm.Connectors.Core.Tests.Contracts;

public class ContractSerializerEnvelopeTests
{
    [Test]
    public void SerializeEnvelope_CallRecord_EmitsTheGoldenBytes()
    {
        var envelope = ContractSerializer.CreateEnvelope(ContractSerializerCallRecordTests.V2Model());

        envelope.Type.Should().Be(ContractTypes.CallRecord);
        envelope.ContractVersion.Should().Be(ContractVersions.CallRecordCurrent);
        envelope.Key.Should().Be("twilio:CA0001");
        GoldenFile.ShouldMatch(ContractSerializer.SerializeEnvelope(envelope), "envelope.call-record.v2.json");
    }

    [Test]
    public void DeserializeEnvelope_Golden_GivesTypeVersionKeyAndTheExactPayload()
    {
        var envelope = ContractSerializer.DeserializeEnvelope(GoldenFile.Read("envelope.call-record.v2.json"));

        envelope.Type.Should().Be("call-record");
        envelope.ContractVersion.Should().Be(2);
        envelope.Key.Should().Be("twilio:CA0001");
        envelope.Payload.ToArray().Should().Equal(GoldenFile.Read("call-record.v2.json"));
        ContractSerializer.ReadCallRecord(envelope).Should().BeEquivalentTo(ContractSerializerCallRecordTests.V2Model());
    }

    [Test]
    public void Upgrade_V1EnvelopeStoredBeforeAnUpgrade_IsRewrittenAsV2()
    {
        var stored = ContractSerializer.DeserializeEnvelope(GoldenFile.Read("envelope.call-record.v1.json"));

        var upgraded = ContractSerializer.Upgrade(stored);

        stored.ContractVersion.Should().Be(1);
        upgraded.ContractVersion.Should().Be(2);
        upgraded.Key.Should().Be(stored.Key);
        GoldenFile.ShouldMatch(upgraded.Payload.ToArray(), "call-record.v1-upgraded.v2.json");
        ContractSerializer.ReadCallRecord(upgraded).Should().BeEquivalentTo(ContractSerializer.ReadCallRecord(stored));
        ContractSerializer.Upgrade(upgraded).Should().BeSameAs(upgraded, "a current envelope is left alone");
    }

    [Test]
    public void Envelope_CheckpointAndTagUpdate_RoundTrip()
    {
        var watermark = new WatermarkCheckpoint(Instant.FromUtc(2026, 11, 23, 14, 5), "CA9");
        var update = ContractSerializerCustomerTagTests.Update();

        var checkpoint = ContractSerializer.DeserializeEnvelope(ContractSerializer.SerializeEnvelope(ContractSerializer.CreateEnvelope("twilio-calls", watermark)));
        var tags = ContractSerializer.DeserializeEnvelope(ContractSerializer.SerializeEnvelope(ContractSerializer.CreateEnvelope(update)));

        checkpoint.Key.Should().Be("twilio-calls");
        ContractSerializer.ReadCheckpoint(checkpoint).Should().Be(watermark);
        tags.Type.Should().Be(ContractTypes.CustomerTagUpdate);
        tags.Key.Should().Be("crm-42@7");
        ContractSerializer.ReadCustomerTagUpdate(tags).Should().BeEquivalentTo(update);
    }

    [Test]
    public void ReadCallRecord_EnvelopeOfAnotherType_IsRefused()
    {
        var envelope = ContractSerializer.CreateEnvelope("s", new CursorCheckpoint("c"));

        var act = () => ContractSerializer.ReadCallRecord(envelope);

        act.Should().Throw<ConnectorException>().Which.Code.Should().Be(ConnectorErrorCode.InvalidRecord);
    }

    [Test]
    public void ReadCallRecord_EnvelopeFromANewerSdk_ThrowsUnsupportedContractVersion()
    {
        var json = """{"contractVersion":99,"type":"call-record","key":"k","payload":{"contractVersion":99,"sourceSystem":"a","sourceId":"b"},"priority":1}""";

        var envelope = ContractSerializer.DeserializeEnvelope(Encoding.UTF8.GetBytes(json));
        var act = () => ContractSerializer.ReadCallRecord(envelope);

        envelope.ContractVersion.Should().Be(99, "the envelope itself reads fine; unknown fields are skipped");
        act.Should().Throw<ConnectorException>().Which.Code.Should().Be(ConnectorErrorCode.UnsupportedContractVersion);
    }

    [TestCase("""{"type":"call-record","key":"k","payload":{}}""")]
    [TestCase("""{"contractVersion":2,"key":"k","payload":{}}""")]
    [TestCase("""{"contractVersion":2,"type":"call-record","payload":{}}""")]
    [TestCase("""{"contractVersion":2,"type":"call-record","key":"k"}""")]
    [TestCase("""{"contractVersion":2,"type":"call-record","key":"k","payload":{""")]
    [TestCase("""null""")]
    public void DeserializeEnvelope_Incomplete_ThrowsInvalidRecord(string json)
    {
        var act = () => ContractSerializer.DeserializeEnvelope(Encoding.UTF8.GetBytes(json));

        act.Should().Throw<ConnectorException>().Which.Code.Should().Be(ConnectorErrorCode.InvalidRecord);
    }

    [Test]
    public void SerializeEnvelope_PayloadThatIsNotJson_IsRefusedWhenWritten()
    {
        var envelope = new OutboxEnvelope(ContractTypes.CallRecord, 2, "k", "{\"contractVersion\":2,"u8.ToArray());

        var act = () => ContractSerializer.SerializeEnvelope(envelope);

        act.Should().Throw<ArgumentException>();
    }

    [Test]
    public void ToString_DoesNotShowKeyOrPayload()
    {
        var envelope = ContractSerializer.CreateEnvelope(ContractSerializerCallRecordTests.V2Model());

        envelope.ToString().Should().Be($"OutboxEnvelope {{ Type = call-record, ContractVersion = 2, PayloadLength = {envelope.Payload.Length} }}");
    }
}
