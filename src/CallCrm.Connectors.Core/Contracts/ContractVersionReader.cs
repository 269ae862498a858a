using System;
using System.Text.Json;

namespace CallCrm.Connectors.Contracts;

/// <summary>Finds a payload's <c>contractVersion</c> before the payload is bound to the DTO of that version.</summary>
internal static class ContractVersionReader
{
    private static ReadOnlySpan<byte> VersionProperty => "contractVersion"u8;

    /// <summary>Reads the top-level <c>contractVersion</c> and checks it is one this SDK reads.</summary>
    /// <returns>The version, between <paramref name="oldest"/> and <paramref name="current"/>.</returns>
    /// <exception cref="Errors.ConnectorException">The payload is not a JSON object, has no or a malformed version
    /// (<c>INVALID_RECORD</c>), or a version newer than <paramref name="current"/> (<c>UNSUPPORTED_CONTRACT_VERSION</c>).</exception>
    public static int Read(ReadOnlySpan<byte> utf8Json, string type, int oldest, int current)
    {
        var version = Find(utf8Json, type);
        if (version is not { } found)
        {
            // A payload without a version was not written by this SDK (every writer has emitted one since version 1).
            // Guessing its shape is how silent misreads happen, so it is refused.
            throw ContractErrors.Invalid(type, "it has no contractVersion.");
        }

        if (found > current)
        {
            throw ContractErrors.NewerVersion(type, found, oldest, current);
        }

        if (found < oldest)
        {
            throw ContractErrors.Invalid(type, $"contractVersion {found} was never written by any version of this SDK.");
        }

        return found;
    }

    private static int? Find(ReadOnlySpan<byte> utf8Json, string type)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw ContractErrors.Invalid(type, "it is not a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals(VersionProperty);
                reader.Read();
                if (isVersion)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version)
                        ? version
                        : throw ContractErrors.Invalid(type, "contractVersion is not an integer.");
                }

                // Skip nested objects and arrays whole: only a top-level contractVersion counts.
                reader.Skip();
            }

            return null;
        }
        catch (JsonException ex)
        {
            throw ContractErrors.Invalid(type, ex.Message, ex);
        }
    }
}
