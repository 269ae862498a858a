using System.Text.Json.Serialization;

namespace CallCrm.Connectors.HubSpot.Api;

/// <summary>Source-generated (trimming- and AOT-safe) serialization of every HubSpot payload.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(SearchRequestDto))]
[JsonSerializable(typeof(SearchResponseDto))]
[JsonSerializable(typeof(BatchUpsertRequestDto))]
[JsonSerializable(typeof(BatchCreateRequestDto))]
[JsonSerializable(typeof(BatchUpdateRequestDto))]
[JsonSerializable(typeof(BatchReadRequestDto))]
[JsonSerializable(typeof(BatchResponseDto))]
[JsonSerializable(typeof(ErrorDto))]
[JsonSerializable(typeof(AssociationBatchCreateRequestDto))]
[JsonSerializable(typeof(AssociationBatchReadRequestDto))]
[JsonSerializable(typeof(AssociationBatchArchiveRequestDto))]
[JsonSerializable(typeof(AssociationBatchCreateResponseDto))]
[JsonSerializable(typeof(AssociationBatchReadResponseDto))]
internal sealed partial class HubSpotJsonContext : JsonSerializerContext;
