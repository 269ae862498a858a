using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Mapping;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Normalization;

namespace CallCrm.Connectors.Core.Tests.Mapping;

public class FieldRuleSetTests
{
    private static readonly DateTimeNormalizer Shanghai = new(new DateTimeNormalizerOptions { DefaultZone = "Asia/Shanghai" });

    // Stands in for the SDK's phone normalizer, wired the way a provider would wire it.
    private static string? ToE164(string raw) => raw.Replace(" ", string.Empty, StringComparison.Ordinal) switch
    {
        "13800138000" => "+8613800138000",
        "+8613800138000" => "+8613800138000",
        _ => null,
    };

    [Test]
    public void Apply_CallRecordCustomFields_CleansEachFieldAndKeepsOthers()
    {
        var record = new CallRecord
        {
            SourceSystem = "genesys",
            SourceId = "CA1",
            CustomFields = new Dictionary<string, string>
            {
                ["customer_email"] = " Zhang.San＠Example.COM ",
                ["callback_at"] = "2026年11月23日 14:05",
                ["callback_number"] = "138 0013 8000",
                ["note"] = "VIP\u200B  customer",
                ["untouched"] = "  as is  ",
            },
        };
        FieldRuleSet rules = new FieldRuleSetBuilder()
            .Field("customer_email", f => f.CleanText().NormalizeEmail())
            .Field("callback_at", f => f.NormalizeDateTime(Shanghai))
            .Field("callback_number", f => f.CleanText().NormalizePhone(ToE164))
            .Field("note", f => f.CleanText().Truncate(8))
            .Build();

        CleansingResult result = rules.Apply(record.CustomFields);
        CallRecord cleaned = record with { CustomFields = result.Values };

        cleaned.CustomFields.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["customer_email"] = "Zhang.San@example.com",
            ["callback_at"] = "2026-11-23T06:05:00Z",
            ["callback_number"] = "+8613800138000",
            ["note"] = "VIP cust",
            ["untouched"] = "  as is  ",
        });
        result.HasErrors.Should().BeFalse();
        result.Problems.Should().ContainSingle().Which.Should().Be(
            new FieldProblem("note", "The value was truncated to 8 characters.", ConnectorErrorCode.InvalidRecord, FieldProblemSeverity.Warning));
    }

    [Test]
    public void Apply_BadData_NeverThrowsAndReportsEachFieldWithItsCode()
    {
        var record = new Dictionary<string, string>
        {
            ["email"] = "not-an-address",
            ["started_at"] = "2026-02-30 10:00",
            ["caller"] = "12345",
            ["order_id"] = "   ",
        };
        FieldRuleSet rules = new FieldRuleSetBuilder()
            .Field("email", f => f.NormalizeEmail())
            .Field("started_at", f => f.NormalizeDateTime(Shanghai))
            .Field("caller", f => f.NormalizePhone(ToE164))
            .Field("order_id", f => f.Trim().Required())
            .Build();

        CleansingResult result = rules.Apply(record);

        result.HasErrors.Should().BeTrue();
        result.Problems.Select(p => (p.Field, p.Code, p.Severity)).Should().Equal(
            ("email", ConnectorErrorCode.InvalidRecord, FieldProblemSeverity.Error),
            ("started_at", ConnectorErrorCode.InvalidDateTime, FieldProblemSeverity.Error),
            ("caller", ConnectorErrorCode.InvalidPhoneNumber, FieldProblemSeverity.Error),
            ("order_id", ConnectorErrorCode.InvalidRecord, FieldProblemSeverity.Error));
        result.Values["email"].Should().Be("not-an-address", "a failed field keeps what arrived, for the dead-letter record");
        result.Values["order_id"].Should().BeEmpty();
    }

    [Test]
    public void Apply_ErrorInChain_StopsTheFieldsRemainingRules()
    {
        int laterRuns = 0;
        FieldRuleSet rules = new FieldRuleSetBuilder()
            .Field("email", f => f.NormalizeEmail().Use(v => { laterRuns++; return FieldRuleOutcome.Continue(v); }))
            .Build();

        rules.Apply(new Dictionary<string, string> { ["email"] = "bad" });

        laterRuns.Should().Be(0);
    }

    [Test]
    public void Apply_FieldWithRulesAbsentFromRecord_GetsDefaultOrRequiredError()
    {
        FieldRuleSet rules = new FieldRuleSetBuilder()
            .Field("queue", f => f.CleanText().Default("general"))
            .Field("agent", f => f.Required())
            .Build();

        CleansingResult result = rules.Apply(new Dictionary<string, string> { ["other"] = "x", ["queue"] = " " });

        result.Values.Should().BeEquivalentTo(new Dictionary<string, string> { ["other"] = "x", ["queue"] = "general" });
        result.Problems.Should().ContainSingle().Which.Field.Should().Be("agent");
    }

    [Test]
    public void Apply_RuleReturningNull_LeavesTheFieldOut()
    {
        FieldRuleSet rules = new FieldRuleSetBuilder().Field("a", f => f.Use(_ => FieldRuleOutcome.Continue(null))).Build();

        CleansingResult result = rules.Apply(new Dictionary<string, string> { ["a"] = "drop me", ["b"] = "1" });

        result.Values.Should().BeEquivalentTo(new Dictionary<string, string> { ["b"] = "1" });
    }

    [Test]
    public void Apply_FieldNames_MatchIgnoringCaseByDefault()
    {
        FieldRuleSet rules = new FieldRuleSetBuilder().Field("Email", f => f.NormalizeEmail()).Build();

        CleansingResult result = rules.Apply(new Dictionary<string, string> { ["EMAIL"] = "a@EXAMPLE.com" });

        result.Values["EMAIL"].Should().Be("a@example.com");
        result.Problems.Should().BeEmpty();
    }

    [Test]
    public void Apply_OrdinalComparer_MatchesCaseExactly()
    {
        FieldRuleSet rules = new FieldRuleSetBuilder(StringComparer.Ordinal).Field("Email", f => f.Required()).Build();

        CleansingResult result = rules.Apply(new Dictionary<string, string> { ["email"] = "a@example.com" });

        result.Problems.Should().ContainSingle().Which.Field.Should().Be("Email");
    }

    [Test]
    public void Field_AddedTwice_RunsRulesInOrderAdded()
    {
        FieldRuleSet rules = new FieldRuleSetBuilder()
            .Field("code", f => f.Use(v => FieldRuleOutcome.Continue(v + "-a")))
            .Field("code", f => f.Use(v => FieldRuleOutcome.Continue(v + "-b")))
            .Build();

        rules.ApplyField("code", "x", new List<FieldProblem>()).Should().Be("x-a-b");
        rules.Fields.Should().ContainSingle();
    }

    [Test]
    public void ApplyField_PropertyValue_CleansAndCollectsProblems()
    {
        FieldRuleSet rules = new FieldRuleSetBuilder()
            .Field(nameof(CallRecord.Agent), f => f.CleanText().Truncate(5))
            .Build();
        var problems = new List<FieldProblem>();

        string? agent = rules.ApplyField(nameof(CallRecord.Agent), "  Ｌｉ　Ｗｅｉ Ming ", problems);
        string? queue = rules.ApplyField(nameof(CallRecord.Queue), " sales ", problems);

        agent.Should().Be("Li We");
        queue.Should().Be(" sales ", "a field without rules is left alone");
        problems.Should().ContainSingle().Which.Severity.Should().Be(FieldProblemSeverity.Warning);
    }

    [TestCase("abcdef", 3, "abc", TestName = "Truncate_Cuts")]
    [TestCase("abc", 3, "abc", TestName = "Truncate_ShortEnoughUnchanged")]
    [TestCase("ab😀cd", 3, "ab", TestName = "Truncate_NeverSplitsSurrogatePair")]
    public void Truncate_Value(string value, int maxLength, string expected)
    {
        FieldRules.Truncate(maxLength).Apply(value).Value.Should().Be(expected);
    }

    [TestCase(null, "n/a", TestName = "Default_Null")]
    [TestCase("", "n/a", TestName = "Default_Empty")]
    [TestCase("  ", "n/a", TestName = "Default_Blank")]
    [TestCase("set", "set", TestName = "Default_ValueKept")]
    public void Default_Value(string? value, string expected)
    {
        FieldRules.Default("n/a").Apply(value).Should().Be(FieldRuleOutcome.Continue(expected));
    }

    [TestCase(null, TestName = "Required_Null")]
    [TestCase("", TestName = "Required_Empty")]
    [TestCase(" \t", TestName = "Required_Blank")]
    public void Required_MissingValue_IsError(string? value)
    {
        FieldRuleOutcome outcome = FieldRules.Required().Apply(value);

        outcome.IsError.Should().BeTrue();
        outcome.Code.Should().Be(ConnectorErrorCode.InvalidRecord);
    }

    [Test]
    public void NormalizeSteps_AbsentValue_PassThroughForRequiredToJudge()
    {
        FieldRules.NormalizeEmail().Apply(null).Should().Be(FieldRuleOutcome.Continue(null));
        FieldRules.NormalizeDateTime(Shanghai).Apply(string.Empty).Should().Be(FieldRuleOutcome.Continue(string.Empty));
        FieldRules.NormalizePhone((Func<string, string?>)(_ => throw new InvalidOperationException("not called"))).Apply(null).IsError.Should().BeFalse();
    }

    [Test]
    public void NormalizePhone_OutcomeOverload_KeepsTheNormalizersOwnReason()
    {
        IFieldRule rule = FieldRules.NormalizePhone(
            v => FieldRuleOutcome.Error(v, "The number has too few digits for China.", ConnectorErrorCode.InvalidPhoneNumber));

        rule.Apply("1380").Reason.Should().Be("The number has too few digits for China.");
    }

    [Test]
    public void ToConnectorError_SameCode_UsesItAndListsFields()
    {
        FieldRuleSet rules = new FieldRuleSetBuilder()
            .Field("started_at", f => f.NormalizeDateTime(Shanghai))
            .Field("ended_at", f => f.NormalizeDateTime(Shanghai))
            .Build();

        ConnectorError error = rules.Apply(new Dictionary<string, string> { ["started_at"] = "2026-13-01", ["ended_at"] = "soon" }).ToConnectorError();

        error.Code.Should().Be(ConnectorErrorCode.InvalidDateTime);
        error.IsTransient.Should().BeFalse();
        error.FieldErrors.Select(e => e.Field).Should().Equal("started_at", "ended_at");
        error.TechnicalDetail.Should().StartWith("2 field(s) failed cleansing: started_at (INVALID_DATE_TIME): Month 13");
        error.TechnicalDetail.Should().NotContain("soon", "reasons never repeat the value");
    }

    [Test]
    public void ToConnectorError_MixedCodes_IsInvalidRecordAndIgnoresWarnings()
    {
        FieldRuleSet rules = new FieldRuleSetBuilder()
            .Field("started_at", f => f.NormalizeDateTime(Shanghai))
            .Field("email", f => f.NormalizeEmail())
            .Field("note", f => f.Truncate(2))
            .Build();

        ConnectorError error = rules.Apply(new Dictionary<string, string> { ["started_at"] = "x", ["email"] = "y", ["note"] = "long" }).ToConnectorError();

        error.Code.Should().Be(ConnectorErrorCode.InvalidRecord);
        error.FieldErrors.Select(e => e.Field).Should().Equal("started_at", "email");
    }

    [Test]
    public void ToConnectorError_OnlyWarnings_Throws()
    {
        CleansingResult result = new FieldRuleSetBuilder().Field("note", f => f.Truncate(2)).Build()
            .Apply(new Dictionary<string, string> { ["note"] = "long" });

        result.HasErrors.Should().BeFalse();
        result.Invoking(r => r.ToConnectorError()).Should().Throw<InvalidOperationException>();
    }

    [Test]
    public void Builder_InvalidArguments_Throw()
    {
        var builder = new FieldRuleSetBuilder();

        builder.Invoking(b => b.Field(" ", _ => { })).Should().Throw<ArgumentException>();
        builder.Invoking(b => b.Field("a", f => f.Truncate(0))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
