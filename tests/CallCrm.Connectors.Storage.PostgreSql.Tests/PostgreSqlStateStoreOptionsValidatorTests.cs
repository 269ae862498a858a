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
    [SetUICulture("en-US")]
    public void Validate_TimeoutOutOfRange_SaysTheRangeAndTheValue()
    {
        var options = new PostgreSqlStateStoreOptions { ConnectionString = Valid, CommandTimeout = TimeSpan.FromHours(2) };

        var result = PostgreSqlStateStoreOptionsValidator.Instance.Validate(null, options);

        result.Failures.Should().Equal("CommandTimeout must be whole seconds from 1 second to 01:00:00; it is 02:00:00.");
    }

    [Test]
    [SetUICulture("zh-CN")]
    public void Validate_UnderChineseUiCulture_ExplainsInChinese()
    {
        var options = new PostgreSqlStateStoreOptions { ConnectionString = "Database=callcrm", Schema = "Bad-Schema", OutboxClaimDuration = TimeSpan.Zero };

        var result = PostgreSqlStateStoreOptionsValidator.Instance.Validate(null, options);

        result.Failures.Should().Equal(
            "ConnectionString 没有指定 Host。",
            "Schema 必须是小写标识符（由字母 a-z、数字和下划线组成，以字母或下划线开头，最多 63 个字符），当前为“Bad-Schema”。",
            "OutboxClaimDuration 必须大于零，当前为 00:00:00。");
    }

    [Test]
    public void Constructor_InvalidOptions_ThrowsOptionsValidationException()
    {
        var create = () => new PostgreSqlStateStore(new PostgreSqlStateStoreOptions());

        create.Should().Throw<OptionsValidationException>().Which.OptionsType.Should().Be<PostgreSqlStateStoreOptions>();
    }
}
