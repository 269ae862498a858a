using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallCrm.Connectors.LoadTest;

/// <summary>Source-generated JSON for the result file and the simulator's state (camelCase, as <c>/_sim/state</c> writes it).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(LoadTestResult))]
[JsonSerializable(typeof(SimulatorCounters))]
internal sealed partial class LoadTestJsonContext : JsonSerializerContext;
