using CallCrm.Connectors.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlStateStoreServiceCollectionExtensionsTests
{
    [Test]
    public async Task AddPostgreSqlStateStore_FromConfiguration_RegistersOneSingletonAsTheStateStore_ThatWorks()
    {
        await using var schema = new TestSchema();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CallCrm:State:PostgreSql:ConnectionString"] = PostgresServer.ConnectionString,
            ["CallCrm:State:PostgreSql:Schema"] = schema.Name,
            ["CallCrm:State:PostgreSql:CommandTimeout"] = "00:00:10",
        }).Build();
        await using var services = new ServiceCollection().AddPostgreSqlStateStore(configuration.GetSection("CallCrm:State:PostgreSql")).BuildServiceProvider();

        var store = services.GetRequiredService<IConnectorStateStore>();
        await store.InitializeAsync();
        await store.Ledger.UpsertAsync([StateStoreTestData.Ledger("a")]);

        store.Should().BeSameAs(services.GetRequiredService<PostgreSqlStateStore>());
        (await schema.ScalarAsync<long>("SELECT COUNT(*) FROM ledger;")).Should().Be(1);
    }

    [Test]
    public async Task AddPostgreSqlStateStore_ContainerDisposedSynchronously_DisposesTheStore()
    {
        await using var schema = new TestSchema();
        PostgreSqlStateStore store;
        using (var services = new ServiceCollection().AddPostgreSqlStateStore(o =>
        {
            o.ConnectionString = PostgresServer.ConnectionString;
            o.Schema = schema.Name;
        }).BuildServiceProvider())
        {
            store = services.GetRequiredService<PostgreSqlStateStore>();
            await store.InitializeAsync();
        }

        var afterDispose = async () => await store.Outbox.GetStatisticsAsync();
        await afterDispose.Should().ThrowAsync<ObjectDisposedException>();
    }

    [Test]
    public async Task AddPostgreSqlStateStore_InvalidOptions_FailValidationAtStart()
    {
        await using var services = new ServiceCollection().AddPostgreSqlStateStore(o => o.Schema = "Not Valid").BuildServiceProvider();

        var start = () => services.GetRequiredService<IStartupValidator>().Validate();

        start.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain(f => f.Contains("ConnectionString is required"))
            .And.Contain(f => f.Contains("Schema must be"));
    }
}
