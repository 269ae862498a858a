using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Sync.Transforms;

namespace CallCrm.Connectors.Sync.Tests.Transforms;

public sealed class PhoneNumberTransformTests
{
    private static readonly PhoneNumberNormalizer Normalizer = new(new PhoneNumberNormalizerOptions { DefaultRegion = "CN" });

    private static CallRecord Call(string? from) => new() { SourceSystem = "pbx", SourceId = "1", From = new PhoneNumber(from), To = new PhoneNumber("010 6552 9988") };

    [Test]
    public void Transform_NationalNumbers_BecomeE164AndKeepRaw()
    {
        var result = new PhoneNumberTransform(Normalizer).Transform(Call("138 0013 8000"));

        result.From.E164.Should().Be("+8613800138000");
        result.From.Raw.Should().Be("138 0013 8000");
        result.To.E164.Should().Be("+861065529988");
    }

    [Test]
    public void Transform_RequiredCallerUnusable_ThrowsInvalidPhoneNumberWithoutTheNumber()
    {
        var act = () => new PhoneNumberTransform(Normalizer) { RequireCaller = true }.Transform(Call("12x"));

        act.Should().Throw<ConnectorException>()
            .Where(e => e.Code == ConnectorErrorCode.InvalidPhoneNumber && !e.IsTransient && !e.Message.Contains("12x", StringComparison.Ordinal));
    }

    [Test]
    public void Transform_OptionalCallerWithheld_KeepsRecordWithoutE164()
    {
        var result = new PhoneNumberTransform(Normalizer).Transform(Call("anonymous"));

        result.From.E164.Should().BeNull();
        result.From.Raw.Should().Be("anonymous");
    }
}
