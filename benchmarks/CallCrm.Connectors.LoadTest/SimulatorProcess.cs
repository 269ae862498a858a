using System.Diagnostics;

namespace CallCrm.Connectors.LoadTest;

/// <summary>
/// The vendor simulator in its own process, so that its CPU and memory are not counted as ours (the peak working set
/// reported is the load test's alone). It binds 127.0.0.1 on a free port and announces it on its first line.
/// </summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private const string Announcement = "listening on ";
    private readonly Process _process;

    private SimulatorProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<SimulatorProcess> StartAsync(LoadTestArguments arguments, CancellationToken cancellationToken)
    {
        if (!File.Exists(arguments.SimulatorPath))
        {
            throw new FileNotFoundException($"Vendor simulator not found at {arguments.SimulatorPath}; build samples/VendorSimulator or pass --simulator.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            arguments.SimulatorPath, "--port", "0", "--calls", arguments.Calls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--seed", arguments.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--fault-rate", (arguments.FaultRate / 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--drop-rate", (arguments.FaultRate / 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--lost-response-rate", (arguments.FaultRate / 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--latency-ms", arguments.LatencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--hubspot-tier", arguments.HubSpotTier,
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The vendor simulator did not start.");
        var announced = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            var at = e.Data?.IndexOf(Announcement, StringComparison.Ordinal) ?? -1;
            if (at >= 0)
            {
                var url = e.Data![(at + Announcement.Length)..].Split(' ')[0];
                announced.TrySetResult(new Uri(url));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Console.Error.WriteLine("[simulator] " + e.Data);
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => announced.TrySetException(new InvalidOperationException($"The vendor simulator exited with code {process.ExitCode}."));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Seeding 50,000 calls takes a few seconds on a busy machine.
            var baseAddress = await announced.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            return new SimulatorProcess(process, baseAddress);
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
