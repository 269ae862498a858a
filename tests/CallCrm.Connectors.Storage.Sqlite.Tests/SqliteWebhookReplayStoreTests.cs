using CallCrm.Connectors.Security.Webhooks;
using CallCrm.Connectors.State;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

public class SqliteWebhookReplayStoreTests : WebhookReplayStoreConformanceTests
{
#pragma warning disable NUnit1032 // Disposed after each test by the fixture (DisposeAfterTest).
    private TempDatabase db = null!;
#pragma warning restore NUnit1032

    protected override async Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken)
    {
        db = new TempDatabase();
        DisposeAfterTest(db);
        return await db.OpenAsync();
    }

    protected override async Task<IConnectorStateStore> OpenAnotherInstanceAsync(CancellationToken cancellationToken) => await db.OpenAsync();

    protected override IWebhookReplayStore CreateReplayStore(IConnectorStateStore store, TimeProvider timeProvider) =>
        new SqliteWebhookReplayStore((SqliteStateStore)store, timeProvider);

    [Test]
    public async Task PurgeExpiredAsync_DeletesExpiredRowsOnly()
    {
        var replays = new SqliteWebhookReplayStore((SqliteStateStore)Store, Clock);
        var now = Clock.UtcNow;
        await replays.TryRegisterAsync("old", now.AddMinutes(1));
        await replays.TryRegisterAsync("new", now.AddMinutes(10));
        Clock.UtcNow = now.AddMinutes(5);

        (await replays.PurgeExpiredAsync()).Should().Be(1);

        db.Scalar<string>("SELECT group_concat(event_key) FROM webhook_replays").Should().Be("new");
    }

    [Test]
    public async Task TryRegisterAsync_ManyExpiredRows_DeletesABoundedNumberEachTime()
    {
        var replays = new SqliteWebhookReplayStore((SqliteStateStore)Store, Clock);
        var now = Clock.UtcNow;
        for (var i = 0; i < 20; i++)
        {
            await replays.TryRegisterAsync($"e{i}", now.AddMinutes(1));
        }

        Clock.UtcNow = now.AddMinutes(2);
        await replays.TryRegisterAsync("fresh", now.AddMinutes(10));

        db.Scalar<long>("SELECT count(*) FROM webhook_replays").Should().Be(20 - SqliteWebhookReplayStore.PurgeBatchSize + 1);
    }

    [Test]
    public void AddSqliteStateStore_RegistersTheDurableReplayStore_OverAnInProcessOneRegisteredBefore()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IWebhookReplayStore>(new InProcessReplays());
        services.AddSqliteStateStore(o => o.DataSource = Path.Combine(Path.GetTempPath(), "unused.db"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IWebhookReplayStore>().Should().BeOfType<SqliteWebhookReplayStore>();
    }

    private sealed class InProcessReplays : IWebhookReplayStore
    {
        public ValueTask<bool> TryRegisterAsync(string eventKey, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

        public ValueTask ForgetAsync(string eventKey, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
