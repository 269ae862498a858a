using System.Text.Json.Nodes;
using CallCrm.Connectors.Tests.Shared;

namespace CallCrm.Connectors.VendorSimulator.Tests.Infrastructure;

/// <summary>
/// Stoplight Prism (installed by scripts/prism.sh into .tools/prism) running as a validating proxy in front of the
/// simulator (<see cref="PrismProcess"/>), and the violations it lists in the <c>sl-violations</c> response header.
/// </summary>
internal sealed class PrismProxy : IAsyncDisposable
{
    private readonly PrismProcess process;

    private PrismProxy(PrismProcess process)
    {
        this.process = process;
    }

    public Uri Address => process.Address;

    public static async Task<PrismProxy> StartAsync(string specPath, Uri upstream)
    {
        var prism = Path.Combine(RepositoryPaths.Root, ".tools", "prism", "node_modules", ".bin", "prism");
        if (!File.Exists(prism))
        {
            Assert.Fail($"Stoplight Prism (the contract tests' validating proxy) is not installed at {prism}: run `bash scripts/test.sh` " +
                "(the README's test command, which installs it) or `bash scripts/prism.sh`; both need Node.js 20 or newer with npm.");
        }

        if (!File.Exists(specPath))
        {
            Assert.Fail($"The vendor spec {specPath} is missing.");
        }

        PrismProcess process;
        try
        {
            process = PrismProcess.Start(prism, specPath, upstream);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"Stoplight Prism could not be started ({e.Message}): Node.js is needed on the PATH (install Node.js 20 or newer, then run `bash scripts/prism.sh`).");
            throw;
        }

        try
        {
            await process.WaitUntilListeningAsync(TimeSpan.FromSeconds(90));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new PrismProxy(process);
    }

    /// <summary>The violations Prism found, from the <c>sl-violations</c> header (none when the header is absent).</summary>
    public static IReadOnlyList<JsonObject> Violations(HttpResponseMessage response) =>
        response.Headers.TryGetValues("sl-violations", out var values)
            ? values.SelectMany(v => JsonNode.Parse(v)!.AsArray()).Select(v => v!.AsObject()).ToList()
            : [];

    public static string Location(JsonObject violation) => string.Join('.', violation["location"]!.AsArray().Select(l => l!.ToString()));

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
