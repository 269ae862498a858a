using System.Net.Http.Json;

namespace CallCrm.Connectors.LoadTest;

/// <summary>The simulator's admin API, never faulted nor counted: its counters, and a reset between the two runs.</summary>
internal sealed class SimulatorAdmin(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10) }; // a reset reseeds: a million calls take a while

    public async Task<SimulatorCounters> GetStateAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync("_sim/state", LoadTestJsonContext.Default.SimulatorCounters, cancellationToken)
        ?? throw new InvalidOperationException("The simulator returned no state.");

    /// <summary>Reseeds with the same seed: the same Twilio calls, an empty HubSpot, zeroed counters and limit windows.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        using var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("_sim/reset", content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
