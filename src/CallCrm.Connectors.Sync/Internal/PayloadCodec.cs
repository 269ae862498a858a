using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using NodaTime;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>The one seam through which outbox and dead-letter payloads are written and read as versioned envelopes.</summary>
/// <remarks>Kept behind this class so that the engine can move to the Core package's contract serializer without touching the pipeline.</remarks>
internal static class PayloadCodec
{
    public const string CallRecordType = "call-record";
    public const string TagUpdateType = "customer-tag-update";
    private const int Version = 1;

    public static byte[] Serialize(CallRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("contract", CallRecordType);
            w.WriteNumber("version", Version);
            w.WriteStartObject("body");
            w.WriteString("sourceSystem", record.SourceSystem);
            w.WriteString("sourceId", record.SourceId);
            w.WriteNumber("direction", (int)record.Direction);
            WritePhone(w, "from", record.From);
            WritePhone(w, "to", record.To);
            WriteOptional(w, "agent", record.Agent);
            WriteOptional(w, "queue", record.Queue);
            w.WriteNumber("startedAt", record.StartedAt.ToUnixTimeTicks());
            WriteOptional(w, "answeredAt", record.AnsweredAt);
            WriteOptional(w, "endedAt", record.EndedAt);
            if (record.Duration is { } d)
            {
                w.WriteNumber("durationTicks", d.BclCompatibleTicks);
            }

            w.WriteNumber("status", (int)record.Status);
            WriteOptional(w, "disposition", record.Disposition);
            WriteOptional(w, "recordingUrl", record.RecordingUrl?.OriginalString);
            WriteOptional(w, "customerReference", record.CustomerReference);
            WriteOptional(w, "parentSourceId", record.ParentSourceId);
            WriteOptional(w, "updatedAt", record.UpdatedAt);
            w.WriteBoolean("isFinal", record.IsFinal);
            w.WriteStartObject("customFields");
            foreach (var pair in record.CustomFields)
            {
                w.WriteString(pair.Key, pair.Value);
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static CallRecord DeserializeCallRecord(ReadOnlyMemory<byte> payload)
    {
        var body = OpenBody(payload, CallRecordType, out var document);
        using (document)
        {
            var custom = new Dictionary<string, string>(StringComparer.Ordinal);
            if (body.TryGetProperty("customFields", out var fields))
            {
                foreach (var p in fields.EnumerateObject())
                {
                    custom[p.Name] = p.Value.GetString() ?? string.Empty;
                }
            }

            return new CallRecord
            {
                SourceSystem = body.GetProperty("sourceSystem").GetString()!,
                SourceId = body.GetProperty("sourceId").GetString()!,
                Direction = (CallDirection)body.GetProperty("direction").GetInt32(),
                From = ReadPhone(body, "from"),
                To = ReadPhone(body, "to"),
                Agent = ReadString(body, "agent"),
                Queue = ReadString(body, "queue"),
                StartedAt = Instant.FromUnixTimeTicks(body.GetProperty("startedAt").GetInt64()),
                AnsweredAt = ReadInstant(body, "answeredAt"),
                EndedAt = ReadInstant(body, "endedAt"),
                Duration = body.TryGetProperty("durationTicks", out var dt) ? NodaTime.Duration.FromTicks(dt.GetInt64()) : null,
                Status = (CallStatus)body.GetProperty("status").GetInt32(),
                Disposition = ReadString(body, "disposition"),
                RecordingUrl = ReadString(body, "recordingUrl") is { } url ? new Uri(url, UriKind.RelativeOrAbsolute) : null,
                CustomerReference = ReadString(body, "customerReference"),
                ParentSourceId = ReadString(body, "parentSourceId"),
                UpdatedAt = ReadInstant(body, "updatedAt"),
                IsFinal = body.GetProperty("isFinal").GetBoolean(),
                CustomFields = custom,
            };
        }
    }

    public static byte[] Serialize(CustomerTagUpdate update)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("contract", TagUpdateType);
            w.WriteNumber("version", Version);
            w.WriteStartObject("body");
            w.WriteString("customerId", update.CustomerId);
            w.WriteStartArray("phoneNumbers");
            foreach (var phone in update.PhoneNumbers)
            {
                w.WriteStartObject();
                WritePhoneFields(w, phone);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("tags");
            foreach (var tag in update.Tags)
            {
                w.WriteStartObject();
                w.WriteString("name", tag.Name);
                WriteOptional(w, "value", tag.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("changedAt", update.ChangedAt.ToUnixTimeTicks());
            w.WriteNumber("tagVersion", update.Version);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static CustomerTagUpdate DeserializeTagUpdate(ReadOnlyMemory<byte> payload)
    {
        var body = OpenBody(payload, TagUpdateType, out var document);
        using (document)
        {
            var phones = new List<PhoneNumber>();
            foreach (var p in body.GetProperty("phoneNumbers").EnumerateArray())
            {
                phones.Add(new PhoneNumber(ReadString(p, "raw"), ReadString(p, "e164"), ReadString(p, "extension")));
            }

            var tags = new List<CustomerTag>();
            foreach (var t in body.GetProperty("tags").EnumerateArray())
            {
                tags.Add(new CustomerTag(t.GetProperty("name").GetString()!, ReadString(t, "value")));
            }

            return new CustomerTagUpdate
            {
                CustomerId = body.GetProperty("customerId").GetString()!,
                PhoneNumbers = phones,
                Tags = tags,
                ChangedAt = Instant.FromUnixTimeTicks(body.GetProperty("changedAt").GetInt64()),
                Version = body.GetProperty("tagVersion").GetInt64(),
            };
        }
    }

    private static JsonElement OpenBody(ReadOnlyMemory<byte> payload, string expectedType, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException ex)
        {
            throw new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.MalformedResponse, TechnicalDetail = "Stored payload is not a contract envelope." }, ex);
        }

        var root = document.RootElement;
        if (root.GetProperty("contract").GetString() != expectedType || root.GetProperty("version").GetInt32() != Version)
        {
            document.Dispose();
            throw new ConnectorException(new ConnectorError
            {
                Code = ConnectorErrorCode.UnsupportedContractVersion,
                TechnicalDetail = $"Expected contract {expectedType} v{Version}.",
            });
        }

        return root.GetProperty("body");
    }

    private static void WritePhone(Utf8JsonWriter w, string name, PhoneNumber phone)
    {
        w.WriteStartObject(name);
        WritePhoneFields(w, phone);
        w.WriteEndObject();
    }

    private static void WritePhoneFields(Utf8JsonWriter w, PhoneNumber phone)
    {
        WriteOptional(w, "raw", phone.Raw);
        WriteOptional(w, "e164", phone.E164);
        WriteOptional(w, "extension", phone.Extension);
    }

    private static PhoneNumber ReadPhone(JsonElement body, string name)
    {
        var p = body.GetProperty(name);
        var phone = new PhoneNumber(ReadString(p, "raw"), ReadString(p, "e164"), ReadString(p, "extension"));
        return phone.Raw is null && phone.E164 is null && phone.Extension is null ? PhoneNumber.Empty : phone;
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, Instant? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v.ToUnixTimeTicks());
        }
    }

    private static string? ReadString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static Instant? ReadInstant(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? Instant.FromUnixTimeTicks(v.GetInt64()) : null;
}
