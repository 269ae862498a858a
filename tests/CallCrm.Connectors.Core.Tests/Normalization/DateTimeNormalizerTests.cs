using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Normalization;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace CallCrm.Connectors.Core.Tests.Normalization;

public class DateTimeNormalizerTests
{
    private const string Shanghai = "Asia/Shanghai";

    [TestCase("2026-11-23T06:05:00Z", "2026-11-23T06:05:00Z", TestName = "Iso_Utc")]
    [TestCase("2026-11-23T06:05:00.123Z", "2026-11-23T06:05:00.123Z", TestName = "Iso_UtcWithMilliseconds")]
    [TestCase("2026-11-23T06:05:00.123456789Z", "2026-11-23T06:05:00.123456789Z", TestName = "Iso_UtcWithNanoseconds")]
    [TestCase("2026-11-23t06:05:00z", "2026-11-23T06:05:00Z", TestName = "Iso_LowerCaseTAndZ")]
    [TestCase("2026-11-23T14:05:00+08:00", "2026-11-23T06:05:00Z", TestName = "Iso_OffsetWithColon")]
    [TestCase("2026-11-23T14:05:00+0800", "2026-11-23T06:05:00Z", TestName = "Iso_OffsetWithoutColon")]
    [TestCase("2026-11-23T14:05:00+08", "2026-11-23T06:05:00Z", TestName = "Iso_OffsetHoursOnly")]
    [TestCase("2026-11-23T01:05:00-05:00", "2026-11-23T06:05:00Z", TestName = "Iso_NegativeOffset")]
    [TestCase("2026-11-23T01:05:00\u221205:00", "2026-11-23T06:05:00Z", TestName = "Iso_TypographicMinusInOffset")]
    [TestCase("2026-11-23T11:35:00+05:30", "2026-11-23T06:05:00Z", TestName = "Iso_HalfHourOffset")]
    [TestCase("2026-11-23T14:05:00,5+08:00", "2026-11-23T06:05:00.5Z", TestName = "Iso_CommaFraction")]
    [TestCase("2026-11-23 14:05:00+08:00", "2026-11-23T06:05:00Z", TestName = "Iso_SpaceSeparator")]
    [TestCase("2026-11-23 06:05:00 UTC", "2026-11-23T06:05:00Z", TestName = "Iso_TrailingUtc")]
    [TestCase("2026-11-23 06:05 GMT", "2026-11-23T06:05:00Z", TestName = "Iso_TrailingGmtNoSeconds")]
    [TestCase("2026-11-23T14:05+08:00", "2026-11-23T06:05:00Z", TestName = "Iso_NoSecondsWithOffset")]
    [TestCase("2026-11-23T14:05:00.25 +08:00", "2026-11-23T06:05:00.25Z", TestName = "Iso_SpaceBeforeOffset")]
    [TestCase("2026-11-23T14:05:00+18:00", "2026-11-22T20:05:00Z", TestName = "Iso_LargestOffset")]
    [TestCase("  2026-11-23T06:05:00Z\u200B ", "2026-11-23T06:05:00Z", TestName = "Iso_TrimmedAndInvisibleRemoved")]
    [TestCase("２０２６－１１－２３Ｔ１４：０５：００＋０８：００", "2026-11-23T06:05:00Z", TestName = "Iso_FullWidth")]
    [TestCase("Tue, 24 Nov 2026 14:05:00 +0000", "2026-11-24T14:05:00Z", TestName = "Rfc1123_Twilio")]
    [TestCase("Tue, 24 Nov 2026 14:05:00 GMT", "2026-11-24T14:05:00Z", TestName = "Rfc1123_Gmt")]
    [TestCase("Tue, 24 Nov 2026 14:05:00 UT", "2026-11-24T14:05:00Z", TestName = "Rfc1123_Ut")]
    [TestCase("Tue, 24 Nov 2026 22:05:00 +0800", "2026-11-24T14:05:00Z", TestName = "Rfc1123_PositiveOffset")]
    [TestCase("Tue, 24 Nov 2026 09:05:00 EST", "2026-11-24T14:05:00Z", TestName = "Rfc1123_NorthAmericanZone")]
    [TestCase("Tue, 24 Nov 2026 07:05:00 PDT", "2026-11-24T14:05:00Z", TestName = "Rfc1123_NorthAmericanDaylightZone")]
    [TestCase("tue, 24 NOV 2026 14:05:00 gmt", "2026-11-24T14:05:00Z", TestName = "Rfc1123_AnyCase")]
    [TestCase("Tue, 3 Nov 2026 14:05:00 GMT", "2026-11-03T14:05:00Z", TestName = "Rfc1123_OneDigitDay")]
    [TestCase("24 Nov 2026 14:05 +0000", "2026-11-24T14:05:00Z", TestName = "Rfc5322_NoWeekdayNoSeconds")]
    [TestCase("1795529100", "2026-11-24T14:05:00Z", TestName = "Unix_Seconds")]
    [TestCase("1795529100.25", "2026-11-24T14:05:00.25Z", TestName = "Unix_SecondsWithFraction")]
    [TestCase("1795529100000", "2026-11-24T14:05:00Z", TestName = "Unix_Milliseconds")]
    [TestCase("1795529100123", "2026-11-24T14:05:00.123Z", TestName = "Unix_MillisecondsWithRemainder")]
    [TestCase("99999999999", "5138-11-16T09:46:39Z", TestName = "Unix_LargestSeconds")]
    [TestCase("100000000000", "1973-03-03T09:46:40Z", TestName = "Unix_SmallestMilliseconds")]
    [TestCase("0", "1970-01-01T00:00:00Z", TestName = "Unix_Epoch")]
    [TestCase("-1", "1969-12-31T23:59:59Z", TestName = "Unix_BeforeEpoch")]
    [TestCase("１７９５５２９１００", "2026-11-24T14:05:00Z", TestName = "Unix_FullWidthDigits")]
    [TestCase("/Date(1795413900000)/", "2026-11-23T06:05:00Z", TestName = "MicrosoftJson_Utc")]
    [TestCase("/Date(1795413900000+0800)/", "2026-11-23T06:05:00Z", TestName = "MicrosoftJson_OffsetDoesNotMoveTheInstant")]
    [TestCase("/Date(1795413900000-0500)/", "2026-11-23T06:05:00Z", TestName = "MicrosoftJson_NegativeOffset")]
    [TestCase(@"\/Date(1795413900000)\/", "2026-11-23T06:05:00Z", TestName = "MicrosoftJson_EscapedSlashes")]
    [TestCase("/Date(-86400000)/", "1969-12-31T00:00:00Z", TestName = "MicrosoftJson_BeforeEpoch")]
    public void Normalize_ExplicitInstant_IsTheSameInAnyZone(string raw, string expected)
    {
        foreach (string zone in new[] { Shanghai, "America/New_York", "Etc/UTC" })
        {
            DateTimeNormalizationResult result = For(zone).Normalize(raw);

            result.IsSuccess.Should().BeTrue(result.ToString());
            result.Instant.Should().Be(Utc(expected), "in zone {0}", zone);
        }
    }

    [TestCase("2026-11-23T14:05:00", "2026-11-23T06:05:00Z", TestName = "Local_IsoWithSeconds")]
    [TestCase("2026-11-23T14:05:00.5", "2026-11-23T06:05:00.5Z", TestName = "Local_IsoWithFraction")]
    [TestCase("2026-11-23 14:05", "2026-11-23T06:05:00Z", TestName = "Local_IsoSpaceNoSeconds")]
    [TestCase("2026-11-23T9:05", "2026-11-23T01:05:00Z", TestName = "Local_IsoOneDigitHour")]
    [TestCase("2026/11/23 14:05", "2026-11-23T06:05:00Z", TestName = "Local_SlashedNoSeconds")]
    [TestCase("2026/11/23 14:05:30", "2026-11-23T06:05:30Z", TestName = "Local_SlashedWithSeconds")]
    [TestCase("2026/1/5 9:05", "2026-01-05T01:05:00Z", TestName = "Local_SlashedOneDigitParts")]
    [TestCase("2026.11.23 14:05", "2026-11-23T06:05:00Z", TestName = "Local_Dotted")]
    [TestCase("2026年11月23日 14:05", "2026-11-23T06:05:00Z", TestName = "Local_ChineseWithColon")]
    [TestCase("2026年11月23日14:05:30", "2026-11-23T06:05:30Z", TestName = "Local_ChineseNoSpace")]
    [TestCase("2026年11月23日 14时05分", "2026-11-23T06:05:00Z", TestName = "Local_ChineseHourMinute")]
    [TestCase("2026年11月23日14时05分00秒", "2026-11-23T06:05:00Z", TestName = "Local_ChineseHourMinuteSecond")]
    [TestCase("2026年11月23日 14点05分", "2026-11-23T06:05:00Z", TestName = "Local_ChineseDianForHour")]
    [TestCase("2026年11月23号 14:05", "2026-11-23T06:05:00Z", TestName = "Local_ChineseHaoForDay")]
    [TestCase("２０２６年１１月２３日　１４时０５分", "2026-11-23T06:05:00Z", TestName = "Local_ChineseFullWidth")]
    [TestCase("2026-11-23T24:00:00", "2026-11-23T16:00:00Z", TestName = "Local_Iso24IsEndOfDay")]
    [TestCase("2026-11-23", "2026-11-22T16:00:00Z", TestName = "DateOnly_Iso")]
    [TestCase("2026/11/23", "2026-11-22T16:00:00Z", TestName = "DateOnly_Slashed")]
    [TestCase("2026年11月23日", "2026-11-22T16:00:00Z", TestName = "DateOnly_Chinese")]
    public void Normalize_LocalTimeInShanghai_IsReadInTheZone(string raw, string expected)
    {
        DateTimeNormalizationResult result = For(Shanghai).Normalize(raw);

        result.IsSuccess.Should().BeTrue(result.ToString());
        result.Instant.Should().Be(Utc(expected));
    }

    [TestCase("America/New_York", "2026-11-23 14:05", "2026-11-23T19:05:00Z", TestName = "Zone_NewYorkWinter")]
    [TestCase("America/New_York", "2026-07-01 14:05", "2026-07-01T18:05:00Z", TestName = "Zone_NewYorkSummer")]
    [TestCase("America/New_York", "2026-03-08 02:30", "2026-03-08T07:30:00Z", TestName = "Zone_NewYorkGapMovesForwardByTheGap")]
    [TestCase("America/New_York", "2026-11-01 01:30", "2026-11-01T05:30:00Z", TestName = "Zone_NewYorkAmbiguousTakesEarlierOffset")]
    [TestCase("America/New_York", "2026-11-23", "2026-11-23T05:00:00Z", TestName = "Zone_NewYorkDateOnly")]
    [TestCase("Europe/London", "2026-01-15 12:00", "2026-01-15T12:00:00Z", TestName = "Zone_LondonWinter")]
    [TestCase("Europe/London", "2026-07-01 12:00", "2026-07-01T11:00:00Z", TestName = "Zone_LondonSummer")]
    [TestCase("Europe/London", "2026-03-29 01:30", "2026-03-29T01:30:00Z", TestName = "Zone_LondonGap")]
    [TestCase("Europe/Berlin", "2026-11-23 14:05", "2026-11-23T13:05:00Z", TestName = "Zone_BerlinWinter")]
    [TestCase("Europe/Berlin", "2026-10-25 02:30", "2026-10-25T00:30:00Z", TestName = "Zone_BerlinAmbiguousTakesEarlierOffset")]
    [TestCase("Asia/Tokyo", "2026-11-23 14:05", "2026-11-23T05:05:00Z", TestName = "Zone_Tokyo")]
    [TestCase("Asia/Kolkata", "2026-11-23 14:05", "2026-11-23T08:35:00Z", TestName = "Zone_KolkataHalfHour")]
    [TestCase("America/Sao_Paulo", "2026-11-23 14:05", "2026-11-23T17:05:00Z", TestName = "Zone_SaoPaulo")]
    [TestCase("America/Sao_Paulo", "2018-11-04", "2018-11-04T03:00:00Z", TestName = "Zone_SaoPauloDateOnlyWhenMidnightWasSkipped")]
    [TestCase("Australia/Sydney", "2026-11-23 14:05", "2026-11-23T03:05:00Z", TestName = "Zone_SydneySummer")]
    [TestCase("Australia/Sydney", "2026-10-04 02:30", "2026-10-03T16:30:00Z", TestName = "Zone_SydneyGap")]
    [TestCase("Asia/Shanghai", "2026-11-23T14:05:00", "2026-11-23T06:05:00Z", TestName = "Zone_ShanghaiIsoLocal")]
    public void Normalize_LocalTime_ResolvesInTheConfiguredZone(string zone, string raw, string expected)
    {
        DateTimeNormalizationResult result = For(zone).Normalize(raw);

        result.IsSuccess.Should().BeTrue(result.ToString());
        result.Instant.Should().Be(Utc(expected));
    }

    [TestCase("2026-11-23T06:05:00Z", DateTimeInputFormat.Iso8601)]
    [TestCase("2026/11/23 14:05", DateTimeInputFormat.YearFirstSlashed)]
    [TestCase("2026年11月23日 14:05", DateTimeInputFormat.Chinese)]
    [TestCase("Tue, 24 Nov 2026 14:05:00 +0000", DateTimeInputFormat.Rfc1123)]
    [TestCase("1795529100", DateTimeInputFormat.UnixSeconds)]
    [TestCase("1795529100000", DateTimeInputFormat.UnixMilliseconds)]
    [TestCase("/Date(1795413900000)/", DateTimeInputFormat.MicrosoftJsonDate)]
    public void Normalize_Success_ReportsTheFormatRead(string raw, DateTimeInputFormat expected)
    {
        For(Shanghai).Normalize(raw).Format.Should().Be(expected);
    }

    [TestCase(null, DateTimeFailureReason.Empty, TestName = "Fail_Null")]
    [TestCase("", DateTimeFailureReason.Empty, TestName = "Fail_EmptyString")]
    [TestCase(" \u3000\u200B ", DateTimeFailureReason.Empty, TestName = "Fail_OnlyWhitespaceAndInvisible")]
    [TestCase("yesterday", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_Word")]
    [TestCase("23/11/2026 14:05", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_DayFirstIsAmbiguous")]
    [TestCase("11/23/2026", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_MonthFirstIsAmbiguous")]
    [TestCase("2026-11-23T14:05:00+08:00 extra", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_TrailingText")]
    [TestCase("2026-11-23T14", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_HourWithoutMinutes")]
    [TestCase("2026-11-23T14:5", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_OneDigitMinute")]
    [TestCase("2026-11-23T14:05:00.1234567891Z", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_TenFractionDigits")]
    [TestCase("2026-11-23T14:05:00+8", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_OneDigitOffset")]
    [TestCase("20261123T140500Z", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_IsoBasicFormat")]
    [TestCase("Tue, 24 Nov 2026 14:05:00", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_Rfc1123WithoutZone")]
    [TestCase("Tue, 24 Foo 2026 14:05:00 GMT", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_Rfc1123UnknownMonth")]
    [TestCase("Tue, 24 Nov 2026 14:05:00 CET", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_Rfc1123UnknownZoneName")]
    [TestCase("/Date(abc)/", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_MicrosoftJsonNotANumber")]
    [TestCase("/Date(1795413900000)", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_MicrosoftJsonUnclosed")]
    [TestCase("1.2.3", DateTimeFailureReason.UnrecognizedFormat, TestName = "Fail_NotANumber")]
    [TestCase("2026-02-30", DateTimeFailureReason.InvalidDate, TestName = "Fail_February30")]
    [TestCase("2026-02-29 10:00", DateTimeFailureReason.InvalidDate, TestName = "Fail_February29InCommonYear")]
    [TestCase("2026-13-01T00:00:00Z", DateTimeFailureReason.InvalidDate, TestName = "Fail_Month13")]
    [TestCase("2026-00-10", DateTimeFailureReason.InvalidDate, TestName = "Fail_Month0")]
    [TestCase("2026-04-31T10:00:00+08:00", DateTimeFailureReason.InvalidDate, TestName = "Fail_April31")]
    [TestCase("2026/11/00 10:00", DateTimeFailureReason.InvalidDate, TestName = "Fail_Day0")]
    [TestCase("2026年2月30日 14:05", DateTimeFailureReason.InvalidDate, TestName = "Fail_ChineseFebruary30")]
    [TestCase("Wed, 24 Nov 2026 14:05:00 GMT", DateTimeFailureReason.InvalidDate, TestName = "Fail_Rfc1123WrongWeekday")]
    [TestCase("Tue, 31 Nov 2026 14:05:00 GMT", DateTimeFailureReason.InvalidDate, TestName = "Fail_Rfc1123November31")]
    [TestCase("2026-11-23T25:00:00Z", DateTimeFailureReason.InvalidTime, TestName = "Fail_Hour25")]
    [TestCase("2026-11-23T24:30:00", DateTimeFailureReason.InvalidTime, TestName = "Fail_Hour24PastMidnight")]
    [TestCase("2026-11-23 14:60", DateTimeFailureReason.InvalidTime, TestName = "Fail_Minute60")]
    [TestCase("2026-11-23T23:59:60Z", DateTimeFailureReason.InvalidTime, TestName = "Fail_LeapSecond")]
    [TestCase("2026年11月23日 25时05分", DateTimeFailureReason.InvalidTime, TestName = "Fail_ChineseHour25")]
    [TestCase("2026-11-23T14:05:00+19:00", DateTimeFailureReason.InvalidOffset, TestName = "Fail_OffsetBeyond18Hours")]
    [TestCase("2026-11-23T14:05:00-18:30", DateTimeFailureReason.InvalidOffset, TestName = "Fail_NegativeOffsetBeyond18Hours")]
    [TestCase("2026-11-23T14:05:00+08:60", DateTimeFailureReason.InvalidOffset, TestName = "Fail_OffsetMinute60")]
    [TestCase("Tue, 24 Nov 2026 14:05:00 +2500", DateTimeFailureReason.InvalidOffset, TestName = "Fail_Rfc1123OffsetBeyond18Hours")]
    [TestCase("/Date(1795413900000+1900)/", DateTimeFailureReason.InvalidOffset, TestName = "Fail_MicrosoftJsonOffsetBeyond18Hours")]
    [TestCase("100000000000000", DateTimeFailureReason.OutOfRange, TestName = "Fail_UnixMicroseconds")]
    [TestCase("99999999999999999999999", DateTimeFailureReason.OutOfRange, TestName = "Fail_UnixHuge")]
    [TestCase("/Date(100000000000000)/", DateTimeFailureReason.OutOfRange, TestName = "Fail_MicrosoftJsonTooLarge")]
    public void Normalize_BadInput_FailsWithReasonAndNeverThrows(string? raw, DateTimeFailureReason expected)
    {
        DateTimeNormalizationResult result = default;
        Action act = () => result = For(Shanghai).Normalize(raw);

        act.Should().NotThrow();
        result.IsSuccess.Should().BeFalse();
        result.FailureReason.Should().Be(expected, result.FailureMessage);
        result.FailureMessage.Should().NotBeNullOrWhiteSpace();
        result.TryGetInstant(out _).Should().BeFalse();
    }

    [Test]
    public void Normalize_February29InLeapYear_Succeeds()
    {
        For("Etc/UTC").Normalize("2028-02-29").Instant.Should().Be(Instant.FromUtc(2028, 2, 29, 0, 0));
    }

    [Test]
    public void Normalize_ImpossibleDate_MessageSaysWhichPartAndNotTheRawValue()
    {
        DateTimeNormalizationResult result = For(Shanghai).Normalize("2026年2月30日 14:05");

        result.FailureMessage.Should().Be("Day 30 does not exist in month 2 of 2026, which has 28 days.");
        result.Format.Should().Be(DateTimeInputFormat.Chinese);
    }

    [Test]
    public void Normalize_UnixTimestampsTurnedOff_RefusesBareNumbers()
    {
        var normalizer = new DateTimeNormalizer(new DateTimeNormalizerOptions { DefaultZone = Shanghai, AcceptUnixTimestamps = false });

        DateTimeNormalizationResult result = normalizer.Normalize("1795529100");

        result.FailureReason.Should().Be(DateTimeFailureReason.UnrecognizedFormat);
        result.FailureMessage.Should().Contain("AcceptUnixTimestamps");
    }

    [Test]
    public void Instant_OnFailure_ThrowsInvalidOperation()
    {
        DateTimeNormalizationResult result = For(Shanghai).Normalize("2026-02-30");

        Action act = () => _ = result.Instant;

        act.Should().Throw<InvalidOperationException>().WithMessage("*Day 30*");
    }

    [Test]
    public void ToConnectorError_WithField_CarriesInvalidDateTimeCodeAndFieldError()
    {
        ConnectorError error = For(Shanghai).Normalize("2026-11-23T25:00:00Z").ToConnectorError("started_at");

        error.Code.Should().Be(ConnectorErrorCode.InvalidDateTime);
        error.IsTransient.Should().BeFalse();
        error.TechnicalDetail.Should().StartWith("started_at: InvalidTime: ");
        error.FieldErrors.Should().ContainSingle().Which.Field.Should().Be("started_at");
        new ConnectorException(error).Code.Should().Be(ConnectorErrorCode.InvalidDateTime);
    }

    [Test]
    public void ToConnectorError_OnSuccess_Throws()
    {
        DateTimeNormalizationResult result = For(Shanghai).Normalize("2026-11-23");

        Action act = () => result.ToConnectorError();

        act.Should().Throw<InvalidOperationException>();
    }

    [Test]
    public void Constructor_WithNodaTimeZone_UsesIt()
    {
        var normalizer = new DateTimeNormalizer(new DateTimeNormalizerOptions { DefaultDateTimeZone = DateTimeZoneProviders.Tzdb["Asia/Tokyo"] });

        normalizer.Zone.Id.Should().Be("Asia/Tokyo");
        normalizer.Normalize("2026-11-23 14:05").Instant.Should().Be(Utc("2026-11-23T05:05:00Z"));
    }

    [Test]
    public void Constructor_WithIOptions_UsesTheirValue()
    {
        var normalizer = new DateTimeNormalizer(Options.Create(new DateTimeNormalizerOptions { DefaultZone = "Europe/Berlin" }));

        normalizer.Zone.Should().Be(DateTimeZoneProviders.Tzdb["Europe/Berlin"]);
    }

    [TestCase(null, "*DefaultZone is required*", TestName = "Options_NoZone")]
    [TestCase("  ", "*DefaultZone is required*", TestName = "Options_BlankZone")]
    [TestCase("Asia/Beijing", "*'Asia/Beijing' is not a time zone id of the IANA time zone database*", TestName = "Options_UnknownZone")]
    [TestCase("China Standard Time", "*Windows time zone id; the IANA id is 'Asia/Shanghai'*", TestName = "Options_WindowsZoneIdNamesIanaId")]
    public void Constructor_InvalidOptions_ThrowsOptionsValidationException(string? zone, string message)
    {
        Action act = () => _ = new DateTimeNormalizer(new DateTimeNormalizerOptions { DefaultZone = zone });

        act.Should().Throw<OptionsValidationException>().WithMessage(message);
    }

    [Test]
    public void Validator_ZoneIdAndZoneDisagree_Fails()
    {
        var options = new DateTimeNormalizerOptions { DefaultZone = "Asia/Shanghai", DefaultDateTimeZone = DateTimeZoneProviders.Tzdb["Asia/Tokyo"] };

        ValidateOptionsResult result = new DateTimeNormalizerOptionsValidator().Validate(Options.DefaultName, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("name different zones");
    }

    [Test]
    public void Validator_KnownZone_Succeeds()
    {
        ValidateOptionsResult result = new DateTimeNormalizerOptionsValidator()
            .Validate(Options.DefaultName, new DateTimeNormalizerOptions { DefaultZone = "America/Sao_Paulo" });

        result.Succeeded.Should().BeTrue();
    }

    private static DateTimeNormalizer For(string zone) => new(new DateTimeNormalizerOptions { DefaultZone = zone });

    private static Instant Utc(string iso) => InstantPattern.ExtendedIso.Parse(iso).GetValueOrThrow();
}
