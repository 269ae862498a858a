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
/// cache, with the audit append discarded (the service's own cost) and on a real SQLite audit log; and a coalesced miss: 100 agents
/// asking at once for a number nobody has cached, answered by one in-memory CRM request.
/// </summary>
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
    private SqliteStateStore store = null!;
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
        var sqliteAudit = new HashChainedAuditLog(store.AuditLog, auditOptions, policy, TimeProvider.System);
        sqliteAudited = new ScreenPopService(lookup, policy, sqliteAudit, pseudonymizer, Options.Create(new ScreenPopOptions { Region = "CN", TimeToLive = TimeSpan.FromDays(1) }));

        foreach (var service in new[] { cached, filterEveryTime, sqliteAudited })
        {
            await service.LookupAsync(Number, Agent).ConfigureAwait(false);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await store.DisposeAsync().ConfigureAwait(false);
        Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "Cached lookup (audit discarded)")]
    public ValueTask<ScreenPopCard> CachedLookup() => cached.LookupAsync(Number, Agent);

    [Benchmark(Description = "Cached lookup, filtered every time")]
    public ValueTask<ScreenPopCard> CachedLookupFilteredEveryTime() => filterEveryTime.LookupAsync(Number, Agent);

    [Benchmark(Description = "Cached lookup, SQLite audit append")]
    public ValueTask<ScreenPopCard> CachedLookupSqliteAudit() => sqliteAudited.LookupAsync(Number, Agent);

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
        GC.SuppressFinalize(this);
    }

    /// <summary>An audit log that keeps nothing, to measure the service without the store's append.</summary>
    private sealed class DiscardingAuditLog : IAuditLog
    {
        private static readonly AuditRecord Record = new(0, Instant.MinValue, new AuditEntry { Operation = "none" }, string.Empty);

        public ValueTask<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) => ValueTask.FromResult(Record);

        public IAsyncEnumerable<AuditRecord> ReadAsync(ClaimsPrincipal principal, long fromSequence = 0, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public ValueTask<AuditVerificationResult> VerifyAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<int> ApplyRetentionAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
