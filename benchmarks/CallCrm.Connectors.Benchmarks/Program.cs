using System.Globalization;
using BenchmarkDotNet.Running;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>Runs the benchmarks picked on the command line, for example
/// <c>dotnet run -c Release --project benchmarks/CallCrm.Connectors.Benchmarks -- --filter *Phone* --job short</c>,
/// the best-of-N Stopwatch comparison of phone normalization with <c>-- --stopwatch-phone [passes]</c>, or one timed engine
/// catch-up with its peak working set with <c>-- --engine 100000</c> / <c>-- --engine-outbox 100000</c> / <c>-- --engine-drain 100000</c>, or what compressing
/// cached screen-pop cards would save and cost with <c>-- --screenpop-compression</c>, or the latency of a cached screen-pop lookup
/// with its buffered SQLite audit with <c>-- --screenpop-latency [passes] [lookups/s]</c>.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--stopwatch-phone")
        {
            PhoneNormalizationStopwatch.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7);
            return;
        }

        if (args.Length > 1 && args[0] is "--engine" or "--engine-outbox" or "--engine-drain")
        {
            EngineThroughputStopwatch.Run(int.Parse(args[1], CultureInfo.InvariantCulture), sinkDown: args[0] == "--engine-outbox", drain: args[0] == "--engine-drain");
            return;
        }

        if (args.Length > 0 && args[0] == "--screenpop-compression")
        {
            ScreenPopCompressionMeasure.Run();
            return;
        }

        if (args.Length > 0 && args[0] == "--screenpop-latency")
        {
            ScreenPopLatencyMeasure.Run(
                args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5,
                args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20_000);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
