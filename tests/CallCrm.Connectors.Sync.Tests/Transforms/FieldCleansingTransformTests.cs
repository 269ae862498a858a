using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Mapping;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Sync.Transforms;

namespace CallCrm.Connectors.Sync.Tests.Transforms;

public sealed class FieldCleansingTransformTests
{
    private static FieldCleansingTransform NewTransform()
    {
        var options = new FieldCleansingOptions();
        options.Fields["customer_email"] = new FieldCleansingRule { CleanText = true, Normalize = FieldNormalization.Email };
        options.Fields["queue"] = new FieldCleansingRule { CleanText = true };
        return new FieldCleansingTransform(options);
    }

    private static CallRecord Call(Dictionary<string, string> fields) => new() { SourceSystem = "pbx", SourceId = "1", CustomFields = fields };

    [Test]
    public void Transform_ConfiguredFields_AreCleanedAndOthersKept()
    {
        var result = NewTransform().Transform(Call(new() { ["customer_email"] = " Li.Si＠EXAMPLE.cn ", ["queue"] = "ｓａｌｅｓ", ["order"] = "7" }));

        result.CustomFields.Should().BeEquivalentTo(new Dictionary<string, string> { ["customer_email"] = "Li.Si@example.cn", ["queue"] = "sales", ["order"] = "7" });
    }

    [Test]
    public void Transform_FieldRefused_ThrowsNonTransientErrorNamingTheFieldNotTheValue()
    {
        var act = () => NewTransform().Transform(Call(new() { ["customer_email"] = "li.si at example" }));

        var error = act.Should().Throw<ConnectorException>().Which.Error;
        error.Code.Should().Be(ConnectorErrorCode.InvalidRecord);
        error.IsTransient.Should().BeFalse();
        error.FieldErrors.Should().ContainSingle().Which.Field.Should().Be("customer_email");
        error.TechnicalDetail.Should().NotContain("li.si");
    }

    [Test]
    public void Transform_NothingToChange_ReturnsTheSameRecord()
    {
        var record = Call(new() { ["customer_email"] = "li.si@example.cn", ["queue"] = "sales" });

        NewTransform().Transform(record).Should().BeSameAs(record);
    }
}
