using System;
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CallCrm.Connectors.Contracts;

/// <summary>Writes and reads <see cref="OutboxEnvelope"/>s with <see cref="Utf8JsonWriter"/>/<see cref="Utf8JsonReader"/>,
/// copying the payload as raw JSON rather than parsing it.</summary>
internal static class EnvelopeFormat
{
    private const string EnvelopeName = "outbox envelope";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static ReadOnlySpan<byte> VersionProperty => "contractVersion"u8;

    private static ReadOnlySpan<byte> TypeProperty => "type"u8;

    private static ReadOnlySpan<byte> KeyProperty => "key"u8;

    private static ReadOnlySpan<byte> PayloadProperty => "payload"u8;

    public static byte[] Write(OutboxEnvelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>(envelope.Payload.Length + 64 + envelope.Key.Length + envelope.Type.Length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber(VersionProperty, envelope.ContractVersion);
            writer.WriteString(TypeProperty, envelope.Type);
            writer.WriteString(KeyProperty, envelope.Key);
            writer.WritePropertyName(PayloadProperty);

            // Validated (not skipInputValidation): a corrupt payload must fail here, not when the entry is read back.
            writer.WriteRawValue(envelope.Payload.Span);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static OutboxEnvelope Read(ReadOnlySpan<byte> utf8Json)
    {
        int? version = null;
        string? type = null;
        string? key = null;
        ReadOnlyMemory<byte>? payload = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw ContractErrors.Invalid(EnvelopeName, "it is not a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(VersionProperty))
                {
                    reader.Read();
                    version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v) ? v
                        : throw ContractErrors.Invalid(EnvelopeName, "contractVersion is not an integer.");
                }
                else if (reader.ValueTextEquals(TypeProperty))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw ContractErrors.Invalid(EnvelopeName, "type is not a string.");
                }
                else if (reader.ValueTextEquals(KeyProperty))
                {
                    reader.Read();
                    key = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw ContractErrors.Invalid(EnvelopeName, "key is not a string.");
                }
                else if (reader.ValueTextEquals(PayloadProperty))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    payload = utf8Json[start..(int)reader.BytesConsumed].ToArray();
                }
                else
                {
                    // Fields added by a later SDK are skipped: forward compatible.
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw ContractErrors.Invalid(EnvelopeName, ex.Message, ex);
        }

        if (version is not { } found || found < 1)
        {
            throw ContractErrors.Invalid(EnvelopeName, "contractVersion is missing or not positive.");
        }

        if (string.IsNullOrEmpty(type) || key is null || payload is not { } body)
        {
            throw ContractErrors.Invalid(EnvelopeName, "type, key or payload is missing.");
        }

        return new OutboxEnvelope(type, found, key, body);
    }
}
