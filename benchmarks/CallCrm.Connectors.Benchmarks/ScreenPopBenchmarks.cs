using System.IO.Compression;
using System.Security.Claims;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.ScreenPop;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Testing.InMemory;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>
/// <see cref="ScreenPopService.LookupAsync"/>: a cached card (the hot path while a call rings), with and without the per-role card
/// cache, with the audit append discarded (the service's own cost) and on a real SQLite audit log, immediate and buffered; and a
/// coalesced miss: 100 agents asking at once for a number nobody has cached, answered by one in-memory CRM request.
/// </summary>
/// <remarks>The buffered figure here is sustained: lookups without pause for the whole run, so the queue fills and every lookup waits
/// for the audit writer (backpressure); it is the writer's cost per entry. <see cref="ScreenPopLatencyMeasure"/> measures the
/// lookup's latency while the writer keeps up (<c>-- --screenpop-latency</c>).</remarks>
[MemoryDiagnoser]
public class ScreenPopBenchmarks : IDisposable
{
    private const string Number = "+8613800138000";
    private const int ConcurrentAgents = 100;
    private static readonly ClaimsPrincipal Agent = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "agent-7"), new Claim(ClaimTypes.Role, CustomerDataRoles.Agent)], "bench"));

    private ScreenPopService cached = null!;
    private ScreenPopService filterEveryTime = null!;
    private ScreenPopService sqliteAudited = null!;
    private ScreenPopService sqliteBuffered = null!;
    private HashChainedAuditLog immediateLog = null!;
    private HashChainedAuditLog bufferedLog = null!;
    private SqliteStateStore store = null!;
    private SqliteStateStore bufferedStore = null!;
    private string directory = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var crm = ScreenPopBenchmarkData.Crm(tickets: 20);
        var lookup = new InMemoryCustomerLookup(crm);
        var pseudonymizer = new AuditPseudonymizer(Options.Create(new AuditLogOptions { SealingKey = new Secret(ScreenPopBenchmarkData.SealingKey) }));
        var policy = CustomerDataAccessPolicy.CreateDefault();
        cached = new ScreenPopService(lookup, policy, new DiscardingAuditLog(), pseudonymizer, Options.Create(new ScreenPopOptions { Region = "CN", TimeToLive = TimeSpan.FromDays(1) }));
        filterEveryTime = new ScreenPopService(lookup, policy, new DiscardingAuditLog(), pseudonymizer,
            Options.Create(new ScreenPopOptions { Region = "CN", TimeToLive = TimeSpan.FromDays(1), CacheFilteredCards = false }));

        directory = Path.Combine(Path.GetTempPath(), "screenpop-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        store = new SqliteStateStore(new SqliteStateStoreOptions { DataSource = Path.Combine(directory, "state.db") });
        await store.InitializeAsync().ConfigureAwait(false);
        var auditOptions = Options.Create(new AuditLogOptions { SealingKey = new Secret(ScreenPopBenchmarkData.SealingKey) });
        immediateLog = new HashChainedAuditLog(store.AuditLog, auditOptions, policy, TimeProvider.System);
        sqliteAudited = new ScreenPopService(lookup, policy, immediateLog, pseudonymizer,
            Options.Create(new ScreenPopOptions { Region = "CN", TimeToLive = TimeSpan.FromDays(1), AuditDurability = AuditDurability.Immediate }));
        bufferedStore = new SqliteStateStore(new SqliteStateStoreOptions { DataSource = Path.Combine(directory, "buffered.db") });
        await bufferedStore.InitializeAsync().ConfigureAwait(false);
        bufferedLog = new HashChainedAuditLog(bufferedStore.AuditLog, auditOptions, policy, TimeProvider.System);
        sqliteBuffered = new ScreenPopService(lookup, policy, bufferedLog, pseudonymizer, Options.Create(new ScreenPopOptions { Region = "CN", TimeToLive = TimeSpan.FromDays(1) }));

        foreach (var service in new[] { cached, filterEveryTime, sqliteAudited, sqliteBuffered })
        {
            await service.LookupAsync(Number, Agent).ConfigureAwait(false);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await immediateLog.DisposeAsync().ConfigureAwait(false);
        await bufferedLog.DisposeAsync().ConfigureAwait(false);
        await store.DisposeAsync().ConfigureAwait(false);
        await bufferedStore.DisposeAsync().ConfigureAwait(false);
        Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "Cached lookup (audit discarded)")]
    public ValueTask<ScreenPopCard> CachedLookup() => cached.LookupAsync(Number, Agent);

    [Benchmark(Description = "Cached lookup, filtered every time")]
    public ValueTask<ScreenPopCard> CachedLookupFilteredEveryTime() => filterEveryTime.LookupAsync(Number, Agent);

    [Benchmark(Description = "Cached lookup, SQLite audit, immediate")]
    public ValueTask<ScreenPopCard> CachedLookupSqliteAudit() => sqliteAudited.LookupAsync(Number, Agent);

    [Benchmark(Description = "Cached lookup, SQLite audit, buffered, sustained")]
    public ValueTask<ScreenPopCard> CachedLookupSqliteBufferedSustained() => sqliteBuffered.LookupAsync(Number, Agent);

    [Benchmark(OperationsPerInvoke = ConcurrentAgents, Description = "Coalesced miss, 100 agents (per agent)")]
    public async Task CoalescedMiss()
    {
        cached.Invalidate(Number);
        var lookups = new Task<ScreenPopCard>[ConcurrentAgents];
        for (var i = 0; i < lookups.Length; i++)
        {
            lookups[i] = cached.LookupAsync(Number, Agent).AsTask();
        }

        await Task.WhenAll(lookups).ConfigureAwait(false);
    }

    public void Dispose()
    {
        cached.Dispose();
        filterEveryTime.Dispose();
        sqliteAudited.Dispose();
        sqliteBuffered.Dispose();
        GC.SuppressFinalize(this);
    }
}
