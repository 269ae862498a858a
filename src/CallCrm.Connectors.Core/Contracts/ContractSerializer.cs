using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Contracts.Json;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Contracts;

/// <summary>Serializes the SDK's stored and exchanged payloads as versioned JSON contracts (UTF-8).</summary>
/// <remarks>
/// <para>Every payload carries a top-level <c>contractVersion</c>. Writers emit the current version
/// (<see cref="ContractVersions"/>); readers accept every supported version and upgrade older ones in memory, so data
/// written before an SDK upgrade stays readable. Fields a reader does not know are ignored.</para>
/// <para>Readers throw a <see cref="ConnectorException"/> rather than guess: <see cref="ConnectorErrorCode.UnsupportedContractVersion"/>
/// for a version newer than this SDK knows (written by a newer SDK), <see cref="ConnectorErrorCode.InvalidRecord"/> for a
/// payload without a version, with a malformed value or without a required field.</para>
/// <para>Timestamps are ISO-8601 UTC (<c>2026-11-23T14:05:00Z</c>); durations are ISO-8601 durations (<c>PT3M25S</c>).
/// Serialization uses source-generated System.Text.Json metadata: no reflection.</para>
/// </remarks>
public static class ContractSerializer
{
    /// <summary>Serializes a call record as call-record contract version <see cref="ContractVersions.CallRecordCurrent"/>.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The UTF-8 JSON.</returns>
    public static byte[] SerializeCallRecord(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return JsonSerializer.SerializeToUtf8Bytes(CallRecordContract.ToV2(record), ContractJsonContext.Contracts.CallRecordV2Dto);
    }

    /// <summary>Reads a call record of any supported contract version, upgrading a version 1 record.</summary>
    /// <param name="utf8Json">The UTF-8 JSON.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ConnectorException">The payload's version is unsupported or the payload is invalid.</exception>
    public static CallRecord DeserializeCallRecord(ReadOnlySpan<byte> utf8Json)
    {
        var version = ContractVersionReader.Read(utf8Json, ContractTypes.CallRecord, ContractVersions.CallRecordOldest, ContractVersions.CallRecordCurrent);
        return version == 1
            ? CallRecordContract.FromV1(Bind(utf8Json, ContractJsonContext.Contracts.CallRecordV1Dto, ContractTypes.CallRecord))
            : CallRecordContract.FromV2(Bind(utf8Json, ContractJsonContext.Contracts.CallRecordV2Dto, ContractTypes.CallRecord));
    }

    /// <summary>Serializes a checkpoint (watermark or cursor) as checkpoint contract version <see cref="ContractVersions.CheckpointCurrent"/>.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The UTF-8 JSON: <c>{"contractVersion":1,"kind":"watermark","timestamp":...,"tieBreakId":...}</c> or
    /// <c>{"contractVersion":1,"kind":"cursor","cursor":...}</c>.</returns>
    public static byte[] SerializeCheckpoint(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return JsonSerializer.SerializeToUtf8Bytes(CheckpointContract.ToDto(checkpoint), ContractJsonContext.Contracts.CheckpointDto);
    }

    /// <summary>Reads a checkpoint.</summary>
    /// <param name="utf8Json">The UTF-8 JSON.</param>
    /// <returns>A <see cref="WatermarkCheckpoint"/> or a <see cref="CursorCheckpoint"/>.</returns>
    /// <exception cref="ConnectorException">The payload's version is unsupported or the payload is invalid (an unknown kind included).</exception>
    public static Checkpoint DeserializeCheckpoint(ReadOnlySpan<byte> utf8Json)
    {
        ContractVersionReader.Read(utf8Json, ContractTypes.Checkpoint, 1, ContractVersions.CheckpointCurrent);
        return CheckpointContract.FromDto(Bind(utf8Json, ContractJsonContext.Contracts.CheckpointDto, ContractTypes.Checkpoint));
    }

    /// <summary>Serializes a customer tag update as customer-tag-update contract version <see cref="ContractVersions.CustomerTagUpdateCurrent"/>.</summary>
    /// <param name="update">The update.</param>
    /// <returns>The UTF-8 JSON.</returns>
    public static byte[] SerializeCustomerTagUpdate(CustomerTagUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return JsonSerializer.SerializeToUtf8Bytes(CustomerTagContract.ToDto(update), ContractJsonContext.Contracts.CustomerTagUpdateDto);
    }

    /// <summary>Reads a customer tag update.</summary>
    /// <param name="utf8Json">The UTF-8 JSON.</param>
    /// <returns>The update.</returns>
    /// <exception cref="ConnectorException">The payload's version is unsupported or the payload is invalid.</exception>
    public static CustomerTagUpdate DeserializeCustomerTagUpdate(ReadOnlySpan<byte> utf8Json)
    {
        ContractVersionReader.Read(utf8Json, ContractTypes.CustomerTagUpdate, 1, ContractVersions.CustomerTagUpdateCurrent);
        return CustomerTagContract.FromDto(Bind(utf8Json, ContractJsonContext.Contracts.CustomerTagUpdateDto, ContractTypes.CustomerTagUpdate));
    }

    /// <summary>Serializes a tag set as customer-tag-set contract version <see cref="ContractVersions.CustomerTagSetCurrent"/>.</summary>
    /// <param name="tags">The tags, in the order to keep.</param>
    /// <returns>The UTF-8 JSON: <c>{"contractVersion":1,"tags":[{"name":"vip"},{"name":"language","value":"zh-CN"}]}</c>.</returns>
    public static byte[] SerializeCustomerTags(IReadOnlyList<CustomerTag> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var dto = new Dto.CustomerTagSetDto { ContractVersion = ContractVersions.CustomerTagSetCurrent, Tags = CustomerTagContract.ToDto(tags) };
        return JsonSerializer.SerializeToUtf8Bytes(dto, ContractJsonContext.Contracts.CustomerTagSetDto);
    }

    /// <summary>Reads a tag set.</summary>
    /// <param name="utf8Json">The UTF-8 JSON.</param>
    /// <returns>The tags, in stored order.</returns>
    /// <exception cref="ConnectorException">The payload's version is unsupported or the payload is invalid.</exception>
    public static IReadOnlyList<CustomerTag> DeserializeCustomerTags(ReadOnlySpan<byte> utf8Json)
    {
        ContractVersionReader.Read(utf8Json, ContractTypes.CustomerTagSet, 1, ContractVersions.CustomerTagSetCurrent);
        return CustomerTagContract.FromDto(Bind(utf8Json, ContractJsonContext.Contracts.CustomerTagSetDto, ContractTypes.CustomerTagSet).Tags, ContractTypes.CustomerTagSet);
    }

    /// <summary>Wraps a call record for the outbox, keyed by <see cref="CallRecord.Key"/>.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The envelope, at the current call-record version.</returns>
    public static OutboxEnvelope CreateEnvelope(CallRecord record) =>
        new(ContractTypes.CallRecord, ContractVersions.CallRecordCurrent, record?.Key ?? throw new ArgumentNullException(nameof(record)), SerializeCallRecord(record));

    /// <summary>Wraps a customer tag update for the outbox, keyed by <see cref="CustomerTagUpdate.Key"/>.</summary>
    /// <param name="update">The update.</param>
    /// <returns>The envelope, at the current customer-tag-update version.</returns>
    public static OutboxEnvelope CreateEnvelope(CustomerTagUpdate update) =>
        new(ContractTypes.CustomerTagUpdate, ContractVersions.CustomerTagUpdateCurrent, update?.Key ?? throw new ArgumentNullException(nameof(update)), SerializeCustomerTagUpdate(update));

    /// <summary>Wraps a checkpoint, keyed by the stream it belongs to.</summary>
    /// <param name="key">The key, usually the stream's name.</param>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The envelope, at the current checkpoint version.</returns>
    public static OutboxEnvelope CreateEnvelope(string key, Checkpoint checkpoint) =>
        new(ContractTypes.Checkpoint, ContractVersions.CheckpointCurrent, key, SerializeCheckpoint(checkpoint));

    /// <summary>Serializes an envelope: <c>{"contractVersion":2,"type":"call-record","key":"twilio:CA1","payload":{...}}</c>.</summary>
    /// <param name="envelope">The envelope.</param>
    /// <returns>The UTF-8 JSON.</returns>
    /// <exception cref="ArgumentException">The payload is not valid JSON.</exception>
    public static byte[] SerializeEnvelope(OutboxEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        try
        {
            return EnvelopeFormat.Write(envelope);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException("The envelope's payload is not a valid JSON value.", nameof(envelope), ex);
        }
    }

    /// <summary>Reads an envelope without reading its payload; any payload type and version is accepted here and
    /// checked when the payload is read.</summary>
    /// <param name="utf8Json">The UTF-8 JSON.</param>
    /// <returns>The envelope.</returns>
    /// <exception cref="ConnectorException">The envelope is invalid.</exception>
    public static OutboxEnvelope DeserializeEnvelope(ReadOnlySpan<byte> utf8Json) => EnvelopeFormat.Read(utf8Json);

    /// <summary>Reads the call record in an envelope, upgrading an older version.</summary>
    /// <param name="envelope">The envelope.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ConnectorException">The envelope holds another type, or its payload's version is unsupported or invalid.</exception>
    public static CallRecord ReadCallRecord(OutboxEnvelope envelope) =>
        DeserializeCallRecord(PayloadOf(envelope, ContractTypes.CallRecord));

    /// <summary>Reads the customer tag update in an envelope.</summary>
    /// <param name="envelope">The envelope.</param>
    /// <returns>The update.</returns>
    /// <exception cref="ConnectorException">The envelope holds another type, or its payload's version is unsupported or invalid.</exception>
    public static CustomerTagUpdate ReadCustomerTagUpdate(OutboxEnvelope envelope) =>
        DeserializeCustomerTagUpdate(PayloadOf(envelope, ContractTypes.CustomerTagUpdate));

    /// <summary>Reads the checkpoint in an envelope.</summary>
    /// <param name="envelope">The envelope.</param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="ConnectorException">The envelope holds another type, or its payload's version is unsupported or invalid.</exception>
    public static Checkpoint ReadCheckpoint(OutboxEnvelope envelope) =>
        DeserializeCheckpoint(PayloadOf(envelope, ContractTypes.Checkpoint));

    /// <summary>Rewrites an envelope whose payload is older than the current version at the current version, so a
    /// store can migrate entries written before an upgrade.</summary>
    /// <param name="envelope">The envelope.</param>
    /// <returns>The same envelope when it is current or of a type without older versions; otherwise a new one.</returns>
    /// <exception cref="ConnectorException">The payload's version is unsupported or the payload is invalid.</exception>
    public static OutboxEnvelope Upgrade(OutboxEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return envelope.Type == ContractTypes.CallRecord && envelope.ContractVersion < ContractVersions.CallRecordCurrent
            ? new OutboxEnvelope(ContractTypes.CallRecord, ContractVersions.CallRecordCurrent, envelope.Key, SerializeCallRecord(ReadCallRecord(envelope)))
            : envelope;
    }

    private static ReadOnlySpan<byte> PayloadOf(OutboxEnvelope envelope, string type)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return envelope.Type == type
            ? envelope.Payload.Span
            : throw ContractErrors.Invalid("outbox envelope", $"it holds a {envelope.Type}, not a {type}.");
    }

    private static T Bind<T>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<T> typeInfo, string type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, typeInfo) ?? throw ContractErrors.Invalid(type, "it is null.");
        }
        catch (JsonException ex)
        {
            // The message names the JSON path and position, never the value. Messages of our own converters do not
            // carry the path, which System.Text.Json sets on the exception afterwards, so it is added.
            var detail = ex.Path is { } path && !ex.Message.Contains(path, StringComparison.Ordinal)
                ? string.Concat(ex.Message, " Path: ", path, ".")
                : ex.Message;
            throw ContractErrors.Invalid(type, detail, ex);
        }
    }
}
