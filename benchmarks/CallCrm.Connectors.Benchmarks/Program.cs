using BenchmarkDotNet.Running;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>Runs the benchmarks picked on the command line, for example
/// <c>dotnet run -c Release --project benchmarks/CallCrm.Connectors.Benchmarks -- --filter *Phone* --job short</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
