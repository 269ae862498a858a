using CallCrm.Connectors.Normalization;

namespace CallCrm.Connectors.Core.Tests.Normalization;

public sealed class PhoneNumberWrittenFormsTests
{
    [TestCase("+13055550100", "(305) 555-0100")]
    [TestCase("+13055550100", "305-555-0100")]
    [TestCase("+13055550100", "+1 305-555-0100")]
    [TestCase("+13055550100", "+1 (305) 555-0100")]
    [TestCase("+13055550100", "1.305.555.0100")]
    [TestCase("+13055550100", "13055550100")]
    [TestCase("+4930123456789", "030 123456789")]
    [TestCase("+4930123456789", "+49 30 123456789")]
    [TestCase("+493012345678", "0049 30 1234 5678")]
    [TestCase("+493012345678", "+49 (0)30 1234 5678")]
    [TestCase("+493012345678", "030/12345678")]
    [TestCase("+4930123456789", "+49-30-123456789")]
    [TestCase("+4915112345678", "+49 151 12345678")]
    [TestCase("+4915112345678", "+49 1511 2345678")]
    [TestCase("+4915112345678", "0151/12345678")]
    [TestCase("+4915112345678", "01511 2345678")]
    [TestCase("+442079460000", "+44 20 7946 0000")]
    [TestCase("+442079460000", "020 7946 0000")]
    [TestCase("+442079460000", "00442079460000")]
    [TestCase("+33142685300", "+33 1 42 68 53 00")]
    [TestCase("+33142685300", "01 42 68 53 00")]
    public void For_CommonWrittenForm_IsAmongTheForms(string e164, string written)
    {
        PhoneNumberWrittenForms.For(e164).Should().Contain(written);
    }

    [TestCase("+13055550100")]
    [TestCase("+4915112345678")]
    [TestCase("+442079460000")]
    public void For_AnyNumber_StartsWithE164AndHasNoDuplicatesAndFitsOneInList(string e164)
    {
        var forms = PhoneNumberWrittenForms.For(e164);

        forms[0].Should().Be(e164);
        forms.Should().OnlyHaveUniqueItems();
        forms.Count.Should().BeLessThanOrEqualTo(50, "a batch's numbers share IN lists of 100 values");
    }

    [Test]
    public void For_EveryFormCarryingItsCountry_NormalizesBackToTheSameNumber()
    {
        // Forms without '+' or '00' are ambiguous on purpose (every hit is verified after the search); these are not.
        var normalizer = new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = "US" });
        foreach (var e164 in new[] { "+13055550100", "+4930123456789", "+4915112345678", "+442079460000", "+33142685300" })
        {
            foreach (var form in PhoneNumberWrittenForms.For(e164).Where(f => f.StartsWith('+') || f.StartsWith("00", StringComparison.Ordinal)))
            {
                normalizer.Normalize(form, "US").E164.Should().Be(e164, "form {0} names the same number", form);
            }
        }
    }

    [TestCase("not a number")]
    [TestCase("+")]
    public void For_Unparseable_GivesTheValueAlone(string value)
    {
        PhoneNumberWrittenForms.For(value).Should().Equal(value);
    }

    [TestCase("+13055550100", "US")]
    [TestCase("+4915112345678", "DE")]
    [TestCase("+442079460000", "GB")]
    [TestCase("+80012345678", null)]
    [TestCase("garbage", null)]
    public void RegionOf_E164_IsTheCountryOrNullForNonGeographicAndInvalid(string e164, string? region)
    {
        PhoneNumberWrittenForms.RegionOf(e164).Should().Be(region);
    }
}
