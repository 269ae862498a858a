using BenchmarkDotNet.Attributes;
using CallCrm.Connectors.Contracts;
using CallCrm.Connectors.Model;
using NodaTime;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>
/// Cost of the versioned JSON contracts on the outbox path: every call record is serialized once into an envelope,
/// stored, and read back (possibly by a newer SDK, upgrading a version 1 record) before it is delivered.
/// </summary>
[MemoryDiagnoser]
public class ContractSerializationBenchmarks
{
    /// <summary>A version 1 call record as SDKs before the v2 contract stored it.</summary>
    private static readonly byte[] V1Record =
        """
        {"contractVersion":1,"sourceSystem":"genesys","sourceId":"c-7f3a9e","direction":"outbound","phone":"+1 201 555 0123",
        "agent":"韩梅梅","queue":"renewals","startedAt":"2026-11-24T09:30:00Z","endedAt":"2026-11-24T09:41:12Z",
        "durationSeconds":672,"status":"completed","disposition":"callback","recordingUrl":"https://rec.example.invalid/c-7f3a9e.wav",
        "customerReference":"acct-9001"}
        """u8.ToArray();

    private CallRecord _record = null!;
    private byte[] _v2Record = [];
    private byte[] _envelope = [];

    [GlobalSetup]
    public void Setup()
    {
        var started = Instant.FromUtc(2026, 11, 24, 9, 30, 0);
        _record = new CallRecord
        {
            SourceSystem = "genesys",
            SourceId = "c-7f3a9e",
            Direction = CallDirection.Outbound,
            From = new PhoneNumber("(0755) 8376 5432", "+8675583765432"),
            To = new PhoneNumber("+1 201 555 0123", "+12015550123", "204"),
            Agent = "韩梅梅",
            Queue = "renewals",
            StartedAt = started,
            AnsweredAt = started + Duration.FromSeconds(9),
            EndedAt = started + Duration.FromMilliseconds(672_250),
            Duration = Duration.FromMilliseconds(663_250),
            Status = CallStatus.Completed,
            Disposition = "callback",
            RecordingUrl = new Uri("https://rec.example.invalid/c-7f3a9e.wav"),
            CustomerReference = "acct-9001",
            UpdatedAt = started + Duration.FromMinutes(12),
            CustomFields = new Dictionary<string, string> { ["campaign"] = "q4-renewals", ["language"] = "en-US" },
        };
        _v2Record = ContractSerializer.SerializeCallRecord(_record);
        _envelope = ContractSerializer.SerializeEnvelope(ContractSerializer.CreateEnvelope(_record));
    }

    [Benchmark]
    public byte[] SerializeCallRecord_V2() => ContractSerializer.SerializeCallRecord(_record);

    [Benchmark]
    public CallRecord DeserializeCallRecord_V2() => ContractSerializer.DeserializeCallRecord(_v2Record);

    [Benchmark]
    public CallRecord DeserializeCallRecord_V1WithUpgrade() => ContractSerializer.DeserializeCallRecord(V1Record);

    /// <summary>Write side and read side of the outbox: wrap and serialize, then read the envelope and its record.</summary>
    [Benchmark]
    public CallRecord Envelope_RoundTrip()
    {
        var bytes = ContractSerializer.SerializeEnvelope(ContractSerializer.CreateEnvelope(_record));
        return ContractSerializer.ReadCallRecord(ContractSerializer.DeserializeEnvelope(bytes));
    }

    [Benchmark]
    public CallRecord Envelope_Read() => ContractSerializer.ReadCallRecord(ContractSerializer.DeserializeEnvelope(_envelope));
}
