using CallCrm.Connectors.Normalization;

namespace CallCrm.Connectors.Twilio.Tests;

public sealed class TwilioWithheldCallerIdsTests
{
    [Test]
    public void Markers_AddedToANormalizer_ReadEveryKeypadSentinelAsWithheld()
    {
        var options = new PhoneNumberNormalizerOptions { DefaultRegion = "US" };
        foreach (var marker in TwilioWithheldCallerIds.Markers)
        {
            options.AdditionalWithheldMarkers.Add(marker);
        }

        var normalizer = new PhoneNumberNormalizer(options);

        TwilioWithheldCallerIds.Markers.Should().HaveCount(5);
        TwilioWithheldCallerIds.Markers.Should().OnlyContain(marker => normalizer.Normalize(marker).Status == PhoneNumberStatus.Anonymous);
        TwilioWithheldCallerIds.Markers.Should().OnlyContain(marker => new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = "US" }).Normalize(marker).Status != PhoneNumberStatus.Anonymous,
            "Core knows no vendor's sentinels of its own");
    }
}
