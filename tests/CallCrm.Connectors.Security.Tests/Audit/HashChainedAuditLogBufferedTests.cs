using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Security.Tests.Audit;

/// <summary><see cref="HashChainedAuditLog"/> with <see cref="AuditDurability.Buffered"/> entries: group commits on a real SQLite file,
/// driven by a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>.</summary>
public sealed class HashChainedAuditLogBufferedTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    [Test]
    public async Task EnqueueAsync_FlushIntervalPasses_EntriesBecomeDurableInOneTransaction()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        var store = new ObservedAuditLogStore(db.Store.AuditLog);
        await using var log = CreateLog(db, store);

        for (var i = 0; i < 3; i++)
        {
            await log.EnqueueAsync(AuditTestDatabase.Entry(i));
        }

        log.PendingCount.Should().Be(3, "buffered entries wait for the interval");
        db.Time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        (await db.Store.AuditLog.GetLastAsync()).Should().BeNull("the interval has not passed");

        db.Time.Advance(TimeSpan.FromMilliseconds(1));
        await store.RowsCommittedAsync(3);

        store.BatchSizes.Should().Equal(3);
        (await db.Store.AuditLog.GetLastAsync())!.Sequence.Should().Be(3);
        var verification = await log.VerifyAsync();
        verification.IsValid.Should().BeTrue(verification.Message);
        verification.EntriesVerified.Should().Be(3);
    }

    [Test]
    public async Task EnqueueAsync_MaxBatchSizeEntriesWait_WrittenWithoutWaitingForTheInterval()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        var store = new ObservedAuditLogStore(db.Store.AuditLog);
        await using var log = CreateLog(db, store, maxBatchSize: 4);

        for (var i = 0; i < 4; i++)
        {
            await log.EnqueueAsync(AuditTestDatabase.Entry(i));
        }

        await store.RowsCommittedAsync(4);

        store.BatchSizes.Should().Equal(4);
        (await log.VerifyAsync()).EntriesVerified.Should().Be(4);
    }

    [Test]
    public async Task DisposeAsync_EntriesBuffered_WritesThemBeforeReturning()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        var log = CreateLog(db, db.Store.AuditLog);
        for (var i = 0; i < 5; i++)
        {
            await log.EnqueueAsync(AuditTestDatabase.Entry(i));
        }

        await log.DisposeAsync();

        // A new instance (as after a restart) finds them sealed: no time passed, so only the stop wrote them.
        using var reopened = AuditTestDatabase.CreateLog(db.Store, db.Time);
        var verification = await reopened.VerifyAsync();
        verification.IsValid.Should().BeTrue(verification.Message);
        verification.EntriesVerified.Should().Be(5);
        var act = async () => await log.EnqueueAsync(AuditTestDatabase.Entry(6));
        await act.Should().ThrowAsync<ObjectDisposedException>("a stopped log takes no entries it could not write");
    }

    [Test]
    public async Task EnqueueAsync_ManyConcurrentWritersMixedWithImmediateAppends_OneChainInHandOverOrderThatVerifies()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        await using var log = CreateLog(db, db.Store.AuditLog, maxBatchSize: 64, capacity: 256);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 250; i++)
            {
                var entry = AuditTestDatabase.Entry(i) with { EntityId = $"w{worker}-{i:D3}" };
                if (i % 50 == 49)
                {
                    await log.AppendAsync(entry);
                }
                else
                {
                    await log.EnqueueAsync(entry);
                }
            }
        })));
        await log.FlushAsync();

        log.PendingCount.Should().Be(0);
        var verification = await log.VerifyAsync();
        verification.IsValid.Should().BeTrue(verification.Message);
        verification.EntriesVerified.Should().Be(2000);
        var ids = new List<string>();
        await foreach (var row in db.Store.AuditLog.ReadAsync())
        {
            ids.Add(System.Text.Json.JsonDocument.Parse(row.Content).RootElement.GetProperty("entityId").GetString()!);
        }

        foreach (var worker in Enumerable.Range(0, 8))
        {
            ids.Where(id => id.StartsWith($"w{worker}-", StringComparison.Ordinal)).Should()
                .Equal(Enumerable.Range(0, 250).Select(i => $"w{worker}-{i:D3}"), "each writer's entries are chained in the order it handed them over");
        }
    }

    [Test]
    public async Task EnqueueAsync_BufferFull_WaitsForRoomAndDropsNothing()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        var store = new ObservedAuditLogStore(db.Store.AuditLog);
        await using var log = CreateLog(db, store, maxBatchSize: 2, capacity: 4);
        store.Hold();
        await log.EnqueueAsync(AuditTestDatabase.Entry(0));
        await log.EnqueueAsync(AuditTestDatabase.Entry(1));
        await store.Entered.WaitAsync(TimeSpan.FromSeconds(30)); // the writer holds those two inside the (slow) store

        var room = Enumerable.Range(2, 4).Select(i => log.EnqueueAsync(AuditTestDatabase.Entry(i))).ToList();
        var waiting = log.EnqueueAsync(AuditTestDatabase.Entry(6));

        room.Should().OnlyContain(t => t.IsCompletedSuccessfully, "four entries fit in the buffer");
        waiting.IsCompleted.Should().BeFalse("the buffer is full: the caller waits instead of the entry being dropped");
        log.PendingCount.Should().Be(6);

        store.Release();
        await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await log.FlushAsync();

        var verification = await log.VerifyAsync();
        verification.IsValid.Should().BeTrue(verification.Message);
        verification.EntriesVerified.Should().Be(7);
    }

    [Test]
    public async Task AppendAsync_EntriesBufferedBefore_CommitsThemFirstInTheSameTransaction()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        var store = new ObservedAuditLogStore(db.Store.AuditLog);
        await using var log = CreateLog(db, store);
        await log.EnqueueAsync(AuditTestDatabase.Entry(1));
        await log.EnqueueAsync(AuditTestDatabase.Entry(2));

        var record = await log.AppendAsync(AuditTestDatabase.Entry(3));

        record.Sequence.Should().Be(3, "an immediate entry does not overtake entries handed over before it");
        store.BatchSizes.Should().Equal(3);
        (await log.VerifyAsync()).EntriesVerified.Should().Be(3);
    }

    [Test]
    public async Task EnqueueAsync_StoreRefusesBatch_EntriesKeptAndCommittedWhenItRecovers()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        var store = new ObservedAuditLogStore(db.Store.AuditLog) { FailNext = 1 };
        await using var log = CreateLog(db, store);
        await log.EnqueueAsync(AuditTestDatabase.Entry(1));

        var immediate = async () => await log.AppendAsync(AuditTestDatabase.Entry(2));

        await immediate.Should().ThrowAsync<IOException>("an immediate appender learns that its entry was not written");
        store.Failures.Should().Be(1);
        log.PendingCount.Should().Be(1, "the buffered entry is kept for the next attempt");

        // The writer waits one flush interval (on the fake clock) before trying again; advance until it has.
        var committed = store.RowsCommittedAsync(1);
        for (var turns = 0; !committed.IsCompleted && turns < 100_000; turns++)
        {
            db.Time.Advance(Interval);
            await Task.Yield();
        }

        await committed;
        var verification = await log.VerifyAsync();
        verification.IsValid.Should().BeTrue(verification.Message);
        verification.EntriesVerified.Should().Be(1);
    }

    [Test]
    public void AuditLogOptions_FlushIntervalOrBatchSizeOutOfRange_FailValidation()
    {
        var validator = new AuditLogOptionsValidator();
        var key = new Secret(AuditTestDatabase.SealingKey);

        validator.Validate(null, new AuditLogOptions { SealingKey = key }).Succeeded.Should().BeTrue();
        validator.Validate(null, new AuditLogOptions { SealingKey = key, FlushInterval = TimeSpan.Zero }).Failed.Should().BeTrue();
        validator.Validate(null, new AuditLogOptions { SealingKey = key, MaxBatchSize = 0 }).Failed.Should().BeTrue();
        validator.Validate(null, new AuditLogOptions { SealingKey = key, MaxBatchSize = 100, BufferCapacity = 10 }).Failed.Should().BeTrue();
    }

    private static HashChainedAuditLog CreateLog(AuditTestDatabase db, State.IAuditLogStore store, int maxBatchSize = 512, int capacity = 4096) =>
        new(
            store,
            Options.Create(new AuditLogOptions
            {
                SealingKey = new Secret(AuditTestDatabase.SealingKey),
                FlushInterval = Interval,
                MaxBatchSize = maxBatchSize,
                BufferCapacity = capacity,
            }),
            CustomerDataAccessPolicy.CreateDefault(),
            db.Time);
}
