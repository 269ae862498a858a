using CallCrm.Connectors.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
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

    [Test]
    public async Task AddSqliteStateStore_RelativeDataSourceInAHost_OpensTheFileUnderTheContentRoot()
    {
        var contentRoot = Directory.CreateTempSubdirectory("sqlite-content-root-");
        try
        {
            var services = new ServiceCollection().AddSingleton<IHostEnvironment>(new ContentRootEnvironment(contentRoot.FullName));
            await using (var provider = services.AddSqliteStateStore(o => o.DataSource = Path.Combine("data", "state.db")).BuildServiceProvider())
            {
                var store = provider.GetRequiredService<IConnectorStateStore>();
                await store.Ledger.UpsertAsync([StateStoreTestData.Ledger("a")]);

                provider.GetRequiredService<IOptions<SqliteStateStoreOptions>>().Value.DataSource.Should().Be(Path.Combine(contentRoot.FullName, "data", "state.db"));
            }

            File.Exists(Path.Combine(contentRoot.FullName, "data", "state.db")).Should().BeTrue("the working directory is not the application's folder");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            contentRoot.Delete(recursive: true);
        }
    }

    [Test]
    public async Task AddSqliteStateStore_RelativeDataSourceInAConnectionString_ResolvesItUnderTheContentRootAndKeepsTheRest()
    {
        var root = Path.Combine(Path.GetTempPath(), "app");
        await using var provider = new ServiceCollection()
            .AddSingleton<IHostEnvironment>(new ContentRootEnvironment(root))
            .AddSqliteStateStore(o => o.ConnectionString = "Data Source=state.db;Password=p")
            .BuildServiceProvider();

        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(provider.GetRequiredService<IOptions<SqliteStateStoreOptions>>().Value.ConnectionString);

        builder.DataSource.Should().Be(Path.Combine(root, "state.db"));
        builder.Password.Should().Be("p");
    }

    [TestCase("/var/lib/callcrm/state.db", TestName = "Absolute path")]
    [TestCase("file:state.db?mode=rwc", TestName = "file URI")]
    [TestCase("state.db", TestName = "Relative path without a host")]
    public async Task AddSqliteStateStore_DataSourceNotToResolve_KeepsIt(string dataSource)
    {
        var services = new ServiceCollection();
        if (Path.IsPathRooted(dataSource) || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            services.AddSingleton<IHostEnvironment>(new ContentRootEnvironment(Path.GetTempPath()));
        }

        await using var provider = services.AddSqliteStateStore(o => o.DataSource = dataSource).BuildServiceProvider();

        provider.GetRequiredService<IOptions<SqliteStateStoreOptions>>().Value.DataSource.Should().Be(dataSource);
    }

    private sealed class ContentRootEnvironment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = contentRoot;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
