using CallCrm.Connectors.Security.Webhooks;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlWebhookReplayStoreTests : WebhookReplayStoreConformanceTests
{
#pragma warning disable NUnit1032 // Disposed after each test by the fixture (DisposeAfterTest).
    private TestSchema schema = null!;
#pragma warning restore NUnit1032

    protected override async Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken)
    {
        schema = new TestSchema();
        DisposeAfterTest(schema);
        return await schema.OpenAsync();
    }

    protected override async Task<IConnectorStateStore> OpenAnotherInstanceAsync(CancellationToken cancellationToken) => await schema.OpenAsync();

    protected override IWebhookReplayStore CreateReplayStore(IConnectorStateStore store, TimeProvider timeProvider) =>
        new PostgreSqlWebhookReplayStore((PostgreSqlStateStore)store, timeProvider);

    [Test]
    public async Task PurgeExpiredAsync_DeletesExpiredRowsOnly()
    {
        var replays = new PostgreSqlWebhookReplayStore((PostgreSqlStateStore)Store, Clock);
        var now = Clock.UtcNow;
        await replays.TryRegisterAsync("old", now.AddMinutes(1));
        await replays.TryRegisterAsync("new", now.AddMinutes(10));
        Clock.UtcNow = now.AddMinutes(5);

        (await replays.PurgeExpiredAsync()).Should().Be(1);

        (await schema.ScalarAsync<string>("SELECT string_agg(event_key, ',') FROM webhook_replays")).Should().Be("new");
    }
}
