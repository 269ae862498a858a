namespace CallCrm.Connectors.Storage.Sqlite.Tests;

public class SqliteStateStoreOptionsValidatorTests
{
    private static IEnumerable<string> Failures(SqliteStateStoreOptions options) =>
        SqliteStateStoreOptionsValidator.Instance.Validate(null, options).Failures ?? [];

    [Test]
    public void Validate_DataSourceOnly_Succeeds() =>
        SqliteStateStoreOptionsValidator.Instance.Validate(null, new SqliteStateStoreOptions { DataSource = "state.db" }).Succeeded.Should().BeTrue();

    [Test]
    public void Validate_ConnectionStringOnly_Succeeds() =>
        SqliteStateStoreOptionsValidator.Instance.Validate(null, new SqliteStateStoreOptions { ConnectionString = "Data Source=state.db;Mode=ReadWriteCreate" })
            .Succeeded.Should().BeTrue();

    [TestCase(null, null)]
    [TestCase("state.db", "Data Source=other.db")]
    public void Validate_NotExactlyOneTarget_Fails(string? dataSource, string? connectionString) =>
        Failures(new SqliteStateStoreOptions { DataSource = dataSource, ConnectionString = connectionString }).Should().ContainMatch("*exactly one*");

    [TestCase(":memory:")]
    [TestCase("Data Source=state;Mode=Memory")]
    [TestCase("Data Source=:memory:")]
    public void Validate_InMemoryDatabase_Fails(string target) =>
        Failures(target.StartsWith("Data", StringComparison.Ordinal)
                ? new SqliteStateStoreOptions { ConnectionString = target }
                : new SqliteStateStoreOptions { DataSource = target })
            .Should().ContainMatch("*database file*");

    [Test]
    public void Validate_ReadOnlyConnection_Fails() =>
        Failures(new SqliteStateStoreOptions { ConnectionString = "Data Source=state.db;Mode=ReadOnly" }).Should().ContainMatch("*read-only*");

    [Test]
    public void Validate_MalformedConnectionString_Fails() =>
        Failures(new SqliteStateStoreOptions { ConnectionString = "Data Source=state.db;Flavour=Strawberry" }).Should().ContainMatch("*not a valid SQLite connection string*");

    [TestCase(0)]
    [TestCase(-1)]
    public void Validate_BusyTimeoutNotPositive_Fails(int seconds) =>
        Failures(new SqliteStateStoreOptions { DataSource = "state.db", BusyTimeout = TimeSpan.FromSeconds(seconds) }).Should().ContainMatch("*BusyTimeout*");

    [Test]
    public void Validate_UndefinedSynchronousMode_Fails() =>
        Failures(new SqliteStateStoreOptions { DataSource = "state.db", SynchronousMode = 0 }).Should().ContainMatch("*SynchronousMode*");
}
