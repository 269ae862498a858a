using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using CallCrm.Connectors.ScreenPop;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Testing.InMemory;
using Microsoft.Extensions.Options;

// A console harness: no synchronization context to avoid, and ConfigureAwait on every await-using would only add noise.
#pragma warning disable CA2007

namespace CallCrm.Connectors.Benchmarks;

/// <summary>
/// The latency of the production screen-pop hit: <see cref="ScreenPopService.LookupAsync"/> of a cached number as an <c>Agent</c>
/// (the role's card from the per-role cache) with its audit entry handed to the hash-chained audit log on a real SQLite file
/// (<see cref="AuditDurability.Buffered"/>, default audit options), while the audit writer commits on the other core. Run with
/// <c>-- --screenpop-latency [passes] [lookups/s]</c>.
/// </summary>
/// <remarks>
/// <para>BenchmarkDotNet calls a method back to back, so with a buffered audit it measures the audit writer's throughput once the
/// buffer is full (every lookup then waits for room), not a lookup's latency. Here lookups are paced (default 20,000 per second, far
/// above a contact center's rate and below the writer's), each one timed with <see cref="Stopwatch.GetTimestamp"/>; the same runs with
/// the audit entry discarded give the service's own cost in the same harness. The timer's own cost (two reads) is included.</para>
/// <para>After each buffered pass the log is flushed and its chain verified.</para>
/// </remarks>
internal static class ScreenPopLatencyMeasure
{
    private const string Number = "+8613800138000";
    private const int LookupsPerPass = 100_000;
    private static readonly ClaimsPrincipal Agent = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "agent-7"), new Claim(ClaimTypes.Role, CustomerDataRoles.Agent)], "bench"));

    public static void Run(int passes, int ratePerSecond) => RunAsync(passes, ratePerSecond).GetAwaiter().GetResult();

    private static async Task RunAsync(int passes, int ratePerSecond)
    {
        var lookup = new InMemoryCustomerLookup(ScreenPopBenchmarkData.Crm(tickets: 20));
        var auditOptions = Options.Create(new AuditLogOptions { SealingKey = new Secret(ScreenPopBenchmarkData.SealingKey) });
        var policy = CustomerDataAccessPolicy.CreateDefault();
        var pseudonymizer = new AuditPseudonymizer(auditOptions);
        var screenPopOptions = Options.Create(new ScreenPopOptions { Region = "CN", TimeToLive = TimeSpan.FromDays(1) });
        var directory = Path.Combine(Path.GetTempPath(), "screenpop-latency-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using var store = new SqliteStateStore(new SqliteStateStoreOptions { DataSource = Path.Combine(directory, "state.db") });
            await store.InitializeAsync();
            await using var auditLog = new HashChainedAuditLog(store.AuditLog, auditOptions, policy, TimeProvider.System);
            using var buffered = new ScreenPopService(lookup, policy, auditLog, pseudonymizer, screenPopOptions);
            using var discarded = new ScreenPopService(lookup, policy, new DiscardingAuditLog(), pseudonymizer, screenPopOptions);

            Console.WriteLine($"Screen-pop cached lookup latency, {LookupsPerPass:N0} lookups per pass at {ratePerSecond:N0}/s, {passes} passes each (ns):");
            Console.WriteLine($"{"Pass",-34} {"mean",7} {"p50",7} {"p90",7} {"p99",7} {"p99.9",7} {"max",9}");
            var warm = new long[20_000];
            await MeasureAsync(discarded, warm, ratePerSecond * 5);
            await MeasureAsync(buffered, warm, ratePerSecond * 5);
            await auditLog.FlushAsync();

            var samples = new long[LookupsPerPass];
            var means = new Dictionary<string, List<double>>();
            for (var pass = 1; pass <= passes; pass++)
            {
                foreach (var (name, service) in new[] { ("audit discarded", discarded), ("SQLite audit, buffered", buffered) })
                {
                    await MeasureAsync(service, samples, ratePerSecond);
                    var mean = Report($"{name} #{pass}", samples);
                    (means.TryGetValue(name, out var list) ? list : means[name] = []).Add(mean);
                }

                var flushStarted = Stopwatch.GetTimestamp();
                await auditLog.FlushAsync();
                var flushed = Stopwatch.GetElapsedTime(flushStarted);
                var verification = await auditLog.VerifyAsync();
                Console.WriteLine($"{"  flush after pass",-34} {flushed.TotalMilliseconds,7:F1} ms; chain "
                    + (verification.IsValid ? "verified: " : "INVALID: ") + verification.Message);
            }

            foreach (var (name, list) in means)
            {
                list.Sort();
                Console.WriteLine($"Median of pass means, {name}: {list[list.Count / 2].ToString("F0", CultureInfo.InvariantCulture)} ns");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task MeasureAsync(ScreenPopService service, long[] samples, int ratePerSecond)
    {
        var interval = Stopwatch.Frequency / ratePerSecond;
        var next = Stopwatch.GetTimestamp();
        for (var i = 0; i < samples.Length; i++)
        {
            next += interval;
            while (Stopwatch.GetTimestamp() < next)
            {
                Thread.SpinWait(8);
            }

            var started = Stopwatch.GetTimestamp();
            var pending = service.LookupAsync(Number, Agent);
            if (!pending.IsCompletedSuccessfully)
            {
                await pending;
            }

            samples[i] = Stopwatch.GetTimestamp() - started;
        }
    }

    private static double Report(string name, long[] samples)
    {
        var nanoseconds = samples.Select(t => t * 1e9 / Stopwatch.Frequency).Order().ToArray();
        double At(double q) => nanoseconds[Math.Min(nanoseconds.Length - 1, (int)(q * nanoseconds.Length))];
        var mean = nanoseconds.Average();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-34} {mean,7:F0} {At(0.5),7:F0} {At(0.9),7:F0} {At(0.99),7:F0} {At(0.999),7:F0} {nanoseconds[^1],9:F0}"));
        return mean;
    }
}
