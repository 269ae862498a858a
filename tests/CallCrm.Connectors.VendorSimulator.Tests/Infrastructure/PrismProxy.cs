using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace CallCrm.Connectors.VendorSimulator.Tests.Infrastructure;

/// <summary>
/// Stoplight Prism (installed by scripts/prism.sh into .tools/prism) running as a validating proxy in front of the
/// simulator: <c>prism proxy &lt;spec&gt; &lt;upstream&gt; --errors=false</c> forwards every request and lists what
/// breaks the spec in the <c>sl-violations</c> response header.
/// </summary>
internal sealed class PrismProxy : IAsyncDisposable
{
    private readonly Process process;

    private PrismProxy(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

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

        var port = FreePort();
        var start = new ProcessStartInfo(prism)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "proxy", specPath, upstream.ToString().TrimEnd('/'), "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-h", "127.0.0.1", "--errors=false" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"Stoplight Prism could not be started ({e.Message}): Node.js is needed on the PATH (install Node.js 20 or newer, then run `bash scripts/prism.sh`).");
            throw;
        }

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        void OnLine(object? sender, DataReceivedEventArgs line)
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }

            if (line.Data?.Contains("Prism is listening", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        if (first != listening.Task)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            lock (output)
            {
                Assert.Fail($"Prism did not start listening:{Environment.NewLine}{output}");
            }
        }

        return new PrismProxy(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>The violations Prism found, from the <c>sl-violations</c> header (none when the header is absent).</summary>
    public static IReadOnlyList<JsonObject> Violations(HttpResponseMessage response) =>
        response.Headers.TryGetValues("sl-violations", out var values)
            ? values.SelectMany(v => JsonNode.Parse(v)!.AsArray()).Select(v => v!.AsObject()).ToList()
            : [];

    public static string Location(JsonObject violation) => string.Join('.', violation["location"]!.AsArray().Select(l => l!.ToString()));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
