using System.Globalization;
using BenchmarkDotNet.Running;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>Runs the benchmarks picked on the command line, for example
/// <c>dotnet run -c Release --project benchmarks/CallCrm.Connectors.Benchmarks -- --filter *Phone* --job short</c>,
/// or the best-of-N Stopwatch comparison of phone normalization with <c>-- --stopwatch-phone [passes]</c>.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--stopwatch-phone")
        {
            PhoneNormalizationStopwatch.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
