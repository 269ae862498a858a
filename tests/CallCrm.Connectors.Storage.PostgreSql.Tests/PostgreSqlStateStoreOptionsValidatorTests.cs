using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlStateStoreOptionsValidatorTests
{
    private const string Valid = "Host=db.internal;Database=callcrm;Username=connector;Password=s3cret-pw";

    [Test]
    public void Validate_DefaultsWithAConnectionString_Succeeds()
    {
        PostgreSqlStateStoreOptionsValidator.Instance.Validate(null, new PostgreSqlStateStoreOptions { ConnectionString = Valid }).Succeeded.Should().BeTrue();
    }

    [TestCase(null, "callcrm", 30, "ConnectionString is required")]
    [TestCase("Database=callcrm", "callcrm", 30, "names no Host")]
    [TestCase("Host=db;NoSuchKeyword=1", "callcrm", 30, "not a valid Npgsql connection string")]
    [TestCase(Valid + ";Multiplexing=true", "callcrm", 30, "Multiplexing=true")]
    [TestCase(Valid, "Bad-Schema", 30, "Schema must be a lower-case identifier")]
    [TestCase(Valid, "x; DROP TABLE ledger", 30, "Schema must be a lower-case identifier")]
    [TestCase(Valid, "callcrm", 0, "CommandTimeout must be whole seconds")]
    public void Validate_InvalidOptions_FailsWithAMessageNamingTheOption_NeverThePassword(string? connectionString, string schema, int timeoutSeconds, string expected)
    {
        var options = new PostgreSqlStateStoreOptions { ConnectionString = connectionString, Schema = schema, CommandTimeout = TimeSpan.FromSeconds(timeoutSeconds) };

        var result = PostgreSqlStateStoreOptionsValidator.Instance.Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain(expected).And.NotContain("s3cret-pw");
    }

    [Test]
    public void Validate_FractionalCommandTimeoutOrNonPositiveClaim_Fails()
    {
        var options = new PostgreSqlStateStoreOptions { ConnectionString = Valid, CommandTimeout = TimeSpan.FromMilliseconds(1500), OutboxClaimDuration = TimeSpan.Zero };

        var result = PostgreSqlStateStoreOptionsValidator.Instance.Validate(null, options);

        result.Failures.Should().HaveCount(2);
    }

    [Test]
    public void Constructor_InvalidOptions_ThrowsOptionsValidationException()
    {
        var create = () => new PostgreSqlStateStore(new PostgreSqlStateStoreOptions());

        create.Should().Throw<OptionsValidationException>().Which.OptionsType.Should().Be<PostgreSqlStateStoreOptions>();
    }
}
