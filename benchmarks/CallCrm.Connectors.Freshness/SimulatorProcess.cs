using System.Diagnostics;

namespace CallCrm.Connectors.Freshness;

/// <summary>The vendor simulator in its own process; it binds 127.0.0.1 on a free port and announces it on its first line.</summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private const string Announcement = "listening on ";
    private readonly Process process;

    private SimulatorProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<SimulatorProcess> StartAsync(string path, IEnumerable<string> arguments)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Vendor simulator not found at {path}; build samples/VendorSimulator or pass --simulator.");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
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
                announced.TrySetResult(new Uri(e.Data![(at + Announcement.Length)..].Split(' ')[0]));
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
            return new SimulatorProcess(process, await announced.Task.WaitAsync(TimeSpan.FromMinutes(2)));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }
}
