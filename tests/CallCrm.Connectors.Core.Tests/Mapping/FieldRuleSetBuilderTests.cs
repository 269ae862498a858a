using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Mapping;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Core.Tests.Mapping;

public class FieldRuleSetBuilderTests
{
    private static FieldCleansingOptions Configured()
    {
        var options = new FieldCleansingOptions { DefaultZone = "Asia/Shanghai", DefaultRegion = "CN" };
        options.Fields["customer_email"] = new FieldCleansingRule { CleanText = true, Normalize = FieldNormalization.Email };
        options.Fields["callback_at"] = new FieldCleansingRule { Normalize = FieldNormalization.DateTime };
        options.Fields["callback_number"] = new FieldCleansingRule { Trim = true, Normalize = FieldNormalization.Phone };
        options.Fields["queue"] = new FieldCleansingRule { CleanText = true, Default = "general queue", MaxLength = 7 };
        options.Fields["order_id"] = new FieldCleansingRule { Trim = true, Required = true };
        return options;
    }

    [Test]
    public void Add_ConfiguredRules_CleanDefaultNormalizeAndTruncateEachField()
    {
        var rules = new FieldRuleSetBuilder().Add(Configured()).Build();

        var result = rules.Apply(new Dictionary<string, string>
        {
            ["Customer_Email"] = " Zhang.San＠Example.COM ",
            ["callback_at"] = "2026年11月23日 14:05",
            ["callback_number"] = " 138 0013 8000 ",
            ["order_id"] = " SO-1 ",
            ["agent"] = " kept as is ",
        });

        result.HasErrors.Should().BeFalse();
        result.Values.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["Customer_Email"] = "Zhang.San@example.com",
            ["callback_at"] = "2026-11-23T06:05:00Z",
            ["callback_number"] = "+8613800138000",
            ["order_id"] = "SO-1",
            ["agent"] = " kept as is ",
            ["queue"] = "general", // the default, then truncated to MaxLength 7
        });
        result.Problems.Should().ContainSingle().Which.Severity.Should().Be(FieldProblemSeverity.Warning);
    }

    [Test]
    public void Add_RequiredFieldMissingAndBadValues_ReportsOneErrorPerFieldWithoutValues()
    {
        var rules = new FieldRuleSetBuilder().Add(Configured()).Build();

        var result = rules.Apply(new Dictionary<string, string>
        {
            ["customer_email"] = "not-an-address",
            ["callback_at"] = "someday",
            ["callback_number"] = "12x",
        });

        result.HasErrors.Should().BeTrue();
        var error = result.ToConnectorError();
        error.Code.Should().Be(ConnectorErrorCode.InvalidRecord);
        error.FieldErrors.Select(f => f.Field).Should().BeEquivalentTo("customer_email", "callback_at", "callback_number", "order_id");
        error.TechnicalDetail.Should().NotContain("not-an-address").And.NotContain("someday").And.NotContain("12x");
    }

    [Test]
    public void Add_InvalidOptions_ThrowsNamingTheSetting()
    {
        var options = new FieldCleansingOptions { DefaultRegion = "XX" };
        options.Fields["callback_number"] = new FieldCleansingRule { Normalize = FieldNormalization.Phone };

        var act = () => new FieldRuleSetBuilder().Add(options);

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("DefaultRegion \"XX\"");
    }
}
