using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CallCrm.Connectors.Tests.Shared;

/// <summary>
/// Stoplight Prism (installed by scripts/prism.sh into .tools/prism) started as a validating proxy on a free loopback port:
/// <c>prism proxy &lt;spec&gt; &lt;upstream&gt; --errors=false</c> forwards every request and lists what breaks the spec in the
/// <c>sl-violations</c> response header. Linked into the test projects that run contract tests (their .csproj).
/// </summary>
internal sealed class PrismProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _output = new();

    private PrismProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>Gets the proxy's address.</summary>
    public Uri Address { get; }

    /// <summary>Starts Prism in front of <paramref name="upstream"/>; <see cref="WaitUntilListeningAsync"/> tells when it serves.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">Prism (or Node.js) cannot be started.</exception>
    public static PrismProcess Start(string prism, string spec, Uri upstream)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(prism) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "proxy", spec, upstream.ToString().TrimEnd('/'), "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-h", "127.0.0.1", "--errors=false" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null.");
        var prismProcess = new PrismProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += prismProcess.OnLine;
        process.ErrorDataReceived += prismProcess.OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return prismProcess;
    }

    /// <summary>Completes on Prism's own "Prism is listening" line (no polling of the port); fails the test with what Prism printed
    /// when it exits first or takes longer than <paramref name="timeout"/>.</summary>
    public async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var exited = _process.WaitForExitAsync(cancellation.Token);
        if (await Task.WhenAny(_listening.Task, exited) != _listening.Task)
        {
            lock (_output)
            {
                Assert.Fail($"Prism did not start listening:{Environment.NewLine}{_output}");
            }
        }
    }

    /// <summary>Stops Prism.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void OnLine(object? sender, DataReceivedEventArgs line)
    {
        lock (_output)
        {
            _output.AppendLine(line.Data);
        }

        if (line.Data?.Contains("Prism is listening", StringComparison.Ordinal) == true)
        {
            _listening.TrySetResult();
        }
    }
}
