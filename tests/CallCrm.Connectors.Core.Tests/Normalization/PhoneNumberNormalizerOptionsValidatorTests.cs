using CallCrm.Connectors.Normalization;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Core.Tests.Normalization;

[TestFixture]
public sealed class PhoneNumberNormalizerOptionsValidatorTests
{
    [TestCase("CN")]
    [TestCase("cn")]
    [TestCase(" us ")]
    [TestCase("GB")]
    public void Validate_KnownRegion_Succeeds(string region)
    {
        var result = new PhoneNumberNormalizerOptionsValidator().Validate(null, new PhoneNumberNormalizerOptions { DefaultRegion = region });

        result.Succeeded.Should().BeTrue();
    }

    [TestCase("", "DefaultRegion is required", TestName = "Missing region")]
    [TestCase("XX", "\"XX\" is not an ISO 3166-1 alpha-2 region", TestName = "Unknown region")]
    [TestCase("CHN", "\"CHN\" is not an ISO 3166-1 alpha-2 region", TestName = "Alpha-3 code")]
    [TestCase("+86", "\"+86\" is not an ISO 3166-1 alpha-2 region", TestName = "Calling code instead of region")]
    public void Validate_BadRegion_FailsWithClearMessage(string region, string message)
    {
        var result = new PhoneNumberNormalizerOptionsValidator().Validate(null, new PhoneNumberNormalizerOptions { DefaultRegion = region });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain(message);
    }

    [TestCase(-1)]
    [TestCase(PhoneNumberNormalizerOptions.MaxCacheCapacity + 1)]
    public void Validate_CacheCapacityOutOfRange_Fails(int capacity)
    {
        var options = new PhoneNumberNormalizerOptions { DefaultRegion = "CN", CacheCapacity = capacity };

        var result = new PhoneNumberNormalizerOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("CacheCapacity");
    }

    [TestCase("")]
    [TestCase("  ")]
    [TestCase("+")]
    [TestCase("--")]
    public void Validate_MarkerWithoutLetterOrDigit_Fails(string marker)
    {
        var options = new PhoneNumberNormalizerOptions { DefaultRegion = "CN" };
        options.AdditionalWithheldMarkers.Add(marker);

        var result = new PhoneNumberNormalizerOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("AdditionalWithheldMarkers");
    }

    [Test]
    public void Constructor_UnknownRegion_ThrowsOptionsValidationException()
    {
        var act = () => new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = "XX" });

        act.Should().Throw<OptionsValidationException>()
            .Which.Message.Should().Contain("DefaultRegion \"XX\"");
    }

    [Test]
    public void Constructor_FromIOptions_UsesTheOptions()
    {
        var normalizer = new PhoneNumberNormalizer(Options.Create(new PhoneNumberNormalizerOptions { DefaultRegion = "gb" }));

        normalizer.DefaultRegion.Should().Be("GB");
        normalizer.Normalize("020 7946 0958").E164.Should().Be("+442079460958");
    }

    [Test]
    public void Constructor_FromIOptionsWithMissingRegion_Throws()
    {
        var act = () => new PhoneNumberNormalizer(Options.Create(new PhoneNumberNormalizerOptions()));

        act.Should().Throw<OptionsValidationException>().Which.OptionsType.Should().Be<PhoneNumberNormalizerOptions>();
    }
}
