using System;
using CallCrm.Connectors.Contracts;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>The one seam through which outbox and dead-letter payloads are written and read: versioned contract envelopes of the Core package.</summary>
/// <remarks>Envelopes carry their contract version, so records buffered or dead-lettered before an SDK upgrade stay readable after it.</remarks>
internal static class PayloadCodec
{
    public const string CallRecordType = ContractTypes.CallRecord;
    public const string TagUpdateType = ContractTypes.CustomerTagUpdate;

    public static byte[] Serialize(CallRecord record) => ContractSerializer.SerializeEnvelope(ContractSerializer.CreateEnvelope(record));

    public static CallRecord DeserializeCallRecord(ReadOnlyMemory<byte> payload) =>
        ContractSerializer.ReadCallRecord(ContractSerializer.DeserializeEnvelope(payload.Span));

    public static byte[] Serialize(CustomerTagUpdate update) => ContractSerializer.SerializeEnvelope(ContractSerializer.CreateEnvelope(update));

    public static CustomerTagUpdate DeserializeTagUpdate(ReadOnlyMemory<byte> payload) =>
        ContractSerializer.ReadCustomerTagUpdate(ContractSerializer.DeserializeEnvelope(payload.Span));
}
