using CallCrm.Connectors.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

public class SqliteStateStoreServiceCollectionExtensionsTests
{
    [Test]
    public async Task AddSqliteStateStore_WithAction_ResolvesOneWorkingStore()
    {
        await using var db = new TempDatabase();
        await using var provider = new ServiceCollection()
            .AddSqliteStateStore(o => o.DataSource = db.FilePath)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        provider.GetRequiredService<IStartupValidator>().Validate();
        var store = provider.GetRequiredService<IConnectorStateStore>();
        await store.Ledger.UpsertAsync([StateStoreTestData.Ledger("a")]);

        store.Should().BeSameAs(provider.GetRequiredService<SqliteStateStore>());
        db.Scalar<long>("SELECT COUNT(*) FROM ledger").Should().Be(1);
    }

    [Test]
    public async Task AddSqliteStateStore_WithConfiguration_BindsTheOptions()
    {
        await using var db = new TempDatabase();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["State:DataSource"] = db.FilePath,
                ["State:BusyTimeout"] = "00:00:05",
                ["State:SynchronousMode"] = "Full",
            })
            .Build();
        await using var provider = new ServiceCollection().AddSqliteStateStore(configuration.GetSection("State")).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SqliteStateStoreOptions>>().Value;

        options.Should().BeEquivalentTo(new SqliteStateStoreOptions { DataSource = db.FilePath, BusyTimeout = TimeSpan.FromSeconds(5), SynchronousMode = SqliteSynchronousMode.Full });
    }

    [Test]
    public async Task AddSqliteStateStore_WithoutDataSource_FailsStartupValidation()
    {
        await using var provider = new ServiceCollection().AddSqliteStateStore().BuildServiceProvider();

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().Throw<OptionsValidationException>().WithMessage("*DataSource*");
    }
}
