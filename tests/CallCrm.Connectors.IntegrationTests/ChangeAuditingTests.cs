using CallCrm.Connectors.Auditing;
using CallCrm.Connectors.IntegrationTests.Infrastructure;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Security;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.Sync.Tags;
using CallCrm.Connectors.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using System.Security.Claims;

namespace CallCrm.Connectors.IntegrationTests;

/// <summary>The engine reports every change to <see cref="IDataChangeAuditor"/>; with <c>AddCallCrmDataChangeAuditing()</c> each one is a
/// sealed entry of the audit log in the SQLite state file. Reference in-memory providers, real engine, real store.</summary>
public sealed class ChangeAuditingTests
{
    private const string SealingKey = "change-audit-sealing-key-0123456789abcdef";
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);

    private string directory = null!;
    private FakeTimeProvider time = null!;
    private ServiceProvider services = null!;
    private InMemoryCallSystem callSystem = null!;
    private InMemoryCrm crm = null!;

    [SetUp]
    public async Task SetUp()
    {
        directory = Path.Combine(Path.GetTempPath(), "callcrm-changes-" + Guid.NewGuid().ToString("N"));
        time = new FakeTimeProvider(Start);
        callSystem = new InMemoryCallSystem();
        crm = new InMemoryCrm();
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddSqliteStateStore(o => o.DataSource = Path.Combine(directory, "state.db"));
        collection.AddCallCrmAuditLog(o => o.SealingKey = new Secret(SealingKey));
        collection.AddCallCrmDataChangeAuditing();
        collection.AddCallCrmSync();
        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await services.GetRequiredService<SqliteStateStore>().InitializeAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp cleaner rather than failing the test.
        }
    }

    [Test]
    public async Task CallLogRun_WritesNCalls_AppendsNCallWriteEntriesThenUpdatesAsCallUpdateAndTheChainVerifies()
    {
        const int calls = 25;
        for (var i = 0; i < calls; i++)
        {
            callSystem.AddCall(Call(i, CallStatus.Completed));
        }

        var engine = services.GetRequiredService<SyncEngine>();
        var stream = engine.AddCallLogStream(new CallLogStreamDefinition("calls", new InMemoryCallSource(callSystem), new InMemoryCrmSink(crm)));
        var first = await ClockPump.RunAsync(time, () => stream.RunOnceAsync());
        // Call 20 started inside the default 5-minute look-back before the stored watermark (call 24), so the next run re-reads it.
        callSystem.AddCall(Call(20, CallStatus.Failed) with { UpdatedAt = Instant.FromDateTimeOffset(time.GetUtcNow()) });
        time.Advance(TimeSpan.FromMinutes(1));
        var second = await ClockPump.RunAsync(time, () => stream.RunOnceAsync());

        first.Written.Should().Be(calls);
        second.Written.Should().Be(1);
        var entries = await ReadAsync();
        var writes = entries.Where(e => e.Operation == AuditOperations.CallWrite).ToList();
        writes.Select(e => e.EntityId).Should().BeEquivalentTo(Enumerable.Range(0, calls).Select(i => "pbx:call-" + i));
        writes.Should().OnlyContain(e => e.Actor == AuditLogDataChangeAuditor.EngineActor && e.Outcome == AuditOutcome.Succeeded
            && e.EntityType == DataChangeEntityTypes.Call && e.Details["target"] == "in-memory-crm" && e.Details["runId"] == first.RunId);
        entries.Where(e => e.Operation == AuditOperations.CallUpdate).Should().ContainSingle()
            .Which.Should().Match<AuditEntry>(e => e.EntityId == "pbx:call-20" && e.Details["runId"] == second.RunId);
        await VerifyAsync();
    }

    [Test]
    public async Task TagRun_PushesTagsAndAnOperatorRollsBack_BothAuditedWithTheOperatorAsActor()
    {
        crm.AddCustomer(Customer("cust-1", new CustomerTag("vip")));
        var engine = services.GetRequiredService<SyncEngine>();
        var tags = engine.AddTagStream(new TagStreamDefinition("tags", new InMemoryCustomerSource(crm), new InMemoryCallSystemSink(callSystem)));
        await ClockPump.RunAsync(time, () => tags.RunOnceAsync());
        time.Advance(TimeSpan.FromMinutes(5));
        crm.AddCustomer(Customer("cust-1", new CustomerTag("vip"), new CustomerTag("complaint-risk")));
        await ClockPump.RunAsync(time, () => tags.RunOnceAsync());

        var rollback = await ClockPump.RunAsync(time, async () => await tags.RollbackCustomerAsync("cust-1", version: 1, origin: "operator:alice"));

        callSystem.GetTags("cust-1").Should().BeEquivalentTo([new CustomerTag("vip")], rollback.ToString());
        var entries = await ReadAsync();
        entries.Where(e => e.Operation == AuditOperations.TagWrite).Should().HaveCount(2)
            .And.OnlyContain(e => e.EntityId == "cust-1" && e.Actor == AuditLogDataChangeAuditor.EngineActor);
        var undo = entries.Should().ContainSingle(e => e.Operation == AuditOperations.TagRollback).Subject;
        undo.Actor.Should().Be("operator:alice");
        undo.Fields.Should().Equal("vip");
        await VerifyAsync();
    }

    [Test]
    public async Task CallLogRun_AuditorFails_EveryCallIsStillWrittenAndCheckpointedAndTheRunSucceeds()
    {
        await using var store = new SqliteStateStore(new SqliteStateStoreOptions { DataSource = Path.Combine(directory, "other.db") });
        await store.InitializeAsync();
        for (var i = 0; i < 5; i++)
        {
            callSystem.AddCall(Call(i, CallStatus.Completed));
        }

        await using var engine = new SyncEngine(store, time, auditor: new FailingAuditor());
        var stream = engine.AddCallLogStream(new CallLogStreamDefinition("calls", new InMemoryCallSource(callSystem), new InMemoryCrmSink(crm)));
        var report = await ClockPump.RunAsync(time, () => stream.RunOnceAsync());
        var again = await ClockPump.RunAsync(time, () => stream.RunOnceAsync());

        report.Outcome.Should().Be(SyncRunOutcome.Completed, report.Message);
        report.Written.Should().Be(5);
        again.Written.Should().Be(0, "the changes were committed before the auditor failed, so nothing is redone");
        Enumerable.Range(0, 5).Should().OnlyContain(i => crm.CountActivities("pbx:call-" + i) == 1);
    }

    private static CallRecord Call(int i, CallStatus status) => new()
    {
        SourceSystem = "pbx",
        SourceId = "call-" + i,
        From = new PhoneNumber("+8613800138000", "+8613800138000"),
        To = new PhoneNumber("+8613900139000", "+8613900139000"),
        StartedAt = Instant.FromDateTimeOffset(Start) - Duration.FromMinutes(60 - i),
        UpdatedAt = Instant.FromDateTimeOffset(Start) - Duration.FromMinutes(60 - i),
        Status = status,
    };

    private CustomerProfile Customer(string id, params CustomerTag[] tags) => new()
    {
        Id = id,
        PhoneNumbers = [new PhoneNumber("+8613800138000", "+8613800138000")],
        Tags = tags,
        ModifiedAt = Instant.FromDateTimeOffset(time.GetUtcNow()) - Duration.FromSeconds(1),
    };

    private async Task<List<AuditEntry>> ReadAsync()
    {
        var auditor = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "auditor-1"), new Claim(ClaimTypes.Role, CustomerDataRoles.Auditor)], "test"));
        var entries = new List<AuditEntry>();
        await foreach (var record in services.GetRequiredService<IAuditLog>().ReadAsync(auditor))
        {
            if (record.Entry.Operation != AuditOperations.AuditRead)
            {
                entries.Add(record.Entry);
            }
        }

        return entries;
    }

    private async Task VerifyAsync()
    {
        var verdict = await services.GetRequiredService<IAuditLog>().VerifyAsync();
        verdict.IsValid.Should().BeTrue(verdict.Message);
    }

    private sealed class FailingAuditor : IDataChangeAuditor
    {
        public ValueTask RecordAsync(IReadOnlyList<DataChange> changes, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The audit store is down.");
    }
}
