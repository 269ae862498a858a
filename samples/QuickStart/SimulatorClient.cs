using System.Net.Http.Json;
using System.Text.Json;

namespace CallCrm.Connectors.QuickStart;

/// <summary>The simulator's admin API (never faulted, never counted): its counters and its fault switches.</summary>
internal sealed class SimulatorClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };

    public async Task<(int TwilioCalls, int HubSpotCalls, int Duplicates)> GetStateAsync(CancellationToken cancellationToken)
    {
        using var state = await _http.GetFromJsonAsync<JsonDocument>("_sim/state", cancellationToken)
            ?? throw new InvalidOperationException("The simulator returned no state.");
        var root = state.RootElement;
        return (root.GetProperty("twilioCalls").GetInt32(), root.GetProperty("hubspotCalls").GetInt32(), root.GetProperty("hubspotDuplicateCalls").GetInt32());
    }

    public async Task SetHubSpotOutageAsync(bool outage, CancellationToken cancellationToken)
    {
        // Switching off also clears a pending trigger, so HubSpot cannot go down again later in the run.
        var faults = new Dictionary<string, object?> { ["vendor"] = "hubspot", ["outage"] = outage };
        if (!outage)
        {
            faults["hubspotOutageAfterCalls"] = null;
        }

        await PostFaultsAsync(faults, cancellationToken);
    }

    /// <summary>Makes HubSpot go down once it holds <paramref name="calls"/> calls (the simulator trips it, not a timer).</summary>
    public Task SetHubSpotOutageAfterAsync(int calls, CancellationToken cancellationToken) =>
        PostFaultsAsync(new Dictionary<string, object?> { ["vendor"] = "hubspot", ["hubspotOutageAfterCalls"] = calls }, cancellationToken);

    private async Task PostFaultsAsync(Dictionary<string, object?> faults, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("_sim/faults", faults, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
