using System.Collections.Generic;
using System.Text.Json.Serialization;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Storage.PostgreSql.Serialization;

/// <summary>Source-generated JSON for the tag lists of tag versions, stored as text.</summary>
/// <remarks>The shape (<c>[{"name":"vip","value":null}]</c>) is part of the stored format, the same as the SQLite store's so that
/// state can be copied between them: changing it needs a schema migration.</remarks>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<CustomerTag>))]
internal sealed partial class TagJsonContext : JsonSerializerContext;
