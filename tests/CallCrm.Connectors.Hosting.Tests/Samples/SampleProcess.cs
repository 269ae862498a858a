using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace CallCrm.Connectors.Hosting.Tests.Samples;

/// <summary>A built sample started as a child process (<c>dotnet &lt;dll&gt;</c>), its output captured.</summary>
internal sealed class SampleProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly List<(string Text, TaskCompletionSource Printed)> _outputWaits = [];

    private SampleProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static SampleProcess Start(string pathMetadataKey, string workingDirectory, params string[] arguments)
    {
        var dll = typeof(SampleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == pathMetadataKey).Value!;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var sample = new SampleProcess(process);
        process.OutputDataReceived += (_, e) => sample.AppendOutput(e.Data);
        process.ErrorDataReceived += (_, e) => Append(sample._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sample;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    /// <summary>Completes when the process has printed <paramref name="text"/> (signalled by the output reader, not polled); throws when
    /// it exits first or <paramref name="timeout"/> passes.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var printed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            _outputWaits.Add((text, printed));
        }

        using var cancellation = new CancellationTokenSource(timeout);
        // With redirected output, the exit is seen only once the output has been read to its end.
        var exited = _process.WaitForExitAsync(cancellation.Token);
        if (await Task.WhenAny(printed.Task, exited) == printed.Task || printed.Task.IsCompleted)
        {
            return;
        }

        await exited;
        throw new InvalidOperationException($"The process exited before printing '{text}': {Output} {Error}");
    }

    /// <summary>Kills the process at once: on Linux and macOS, Process.Kill sends SIGKILL, so nothing runs on the way out.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void AppendOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource> printed;
        lock (_output)
        {
            _output.AppendLine(line);
            var text = _output.ToString();
            printed = _outputWaits.Where(w => text.Contains(w.Text, StringComparison.Ordinal)).Select(w => w.Printed).ToList();
            _outputWaits.RemoveAll(w => printed.Contains(w.Printed));
        }

        printed.ForEach(p => p.TrySetResult());
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }
}
