using System.Collections.Generic;
using System.Text.Json.Serialization;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Storage.Sqlite.Serialization;

/// <summary>Source-generated JSON for the values the store keeps as JSON text: tag lists, and key and identifier lists passed to <c>json_each</c>.</summary>
/// <remarks>The tag lists' shape (<c>[{"name":"vip","value":null}]</c>) is part of the stored format: changing it needs a schema migration.</remarks>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<CustomerTag>))]
[JsonSerializable(typeof(IReadOnlyCollection<string>))]
[JsonSerializable(typeof(IReadOnlyList<long>))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
