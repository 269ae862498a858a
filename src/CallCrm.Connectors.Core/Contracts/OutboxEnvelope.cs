using System;

namespace CallCrm.Connectors.Contracts;

/// <summary>Any payload with what is needed to store it and read it back after an upgrade: its type, its contract
/// version and its key. Serialized by <see cref="ContractSerializer.SerializeEnvelope(OutboxEnvelope)"/> as
/// <c>{"contractVersion":2,"type":"call-record","key":"twilio:CA1","payload":{...}}</c>.</summary>
/// <remarks>
/// The envelope's <see cref="ContractVersion"/> repeats the payload's own <c>contractVersion</c> so a store can tell
/// old entries apart without parsing payloads. The payload stays a complete, self-describing document.
/// </remarks>
public sealed class OutboxEnvelope
{
    /// <summary>Initializes a new instance of the <see cref="OutboxEnvelope"/> class.</summary>
    /// <param name="type">The payload type, one of <see cref="ContractTypes"/>.</param>
    /// <param name="contractVersion">The payload's contract version.</param>
    /// <param name="key">The payload's stable key (for a call record, <c>{SourceSystem}:{SourceId}</c>).</param>
    /// <param name="payload">The payload, a UTF-8 JSON object carrying its own <c>contractVersion</c>.</param>
    public OutboxEnvelope(string type, int contractVersion, string key, ReadOnlyMemory<byte> payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentOutOfRangeException.ThrowIfLessThan(contractVersion, 1);
        ArgumentNullException.ThrowIfNull(key);
        Type = type;
        ContractVersion = contractVersion;
        Key = key;
        Payload = payload;
    }

    /// <summary>Gets the payload type, one of <see cref="ContractTypes"/>.</summary>
    public string Type { get; }

    /// <summary>Gets the payload's contract version.</summary>
    public int ContractVersion { get; }

    /// <summary>Gets the payload's stable key.</summary>
    public string Key { get; }

    /// <summary>Gets the payload: a UTF-8 JSON object carrying its own <c>contractVersion</c>.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <inheritdoc />
    /// <remarks>The key and payload can hold personal data; neither is shown.</remarks>
    public override string ToString() => $"OutboxEnvelope {{ Type = {Type}, ContractVersion = {ContractVersion}, PayloadLength = {Payload.Length} }}";
}
