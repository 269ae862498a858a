using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using CallCrm.Connectors.Contracts.Dto;

namespace CallCrm.Connectors.Contracts.Json;

/// <summary>Source-generated serialization of every contract DTO: no reflection at run time, trimming-safe.</summary>
/// <remarks>Nulls are left out so payloads stay small; readers treat a missing field as null. Unknown fields are
/// skipped (the default), which keeps readers forward compatible within a contract version.</remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(InstantJsonConverter), typeof(DurationJsonConverter)])]
[JsonSerializable(typeof(CallRecordV1Dto))]
[JsonSerializable(typeof(CallRecordV2Dto))]
[JsonSerializable(typeof(CheckpointDto))]
[JsonSerializable(typeof(CustomerTagUpdateDto))]
[JsonSerializable(typeof(CustomerTagSetDto))]
internal sealed partial class ContractJsonContext : JsonSerializerContext
{
    /// <summary>Gets the context the contracts use: <see cref="JsonSerializerContext"/>'s default options, except that
    /// non-ASCII text (Chinese names, tags) is written as UTF-8 rather than <c>\uXXXX</c> escapes. The payloads are
    /// data, never embedded in HTML, so the HTML-safe escaping of the default encoder only costs size.</summary>
    /// <remarks>Built on first use, not in a static initializer: the generated <see cref="Default"/> lives in another
    /// part of this partial class, whose initialization order relative to this one is not defined.</remarks>
    public static ContractJsonContext Contracts => LazyInitializer.EnsureInitialized(ref contracts, CreateContracts);

    private static ContractJsonContext? contracts;

    private static ContractJsonContext CreateContracts() => new(new JsonSerializerOptions(Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = null,
    });
}
