using System.Collections.Concurrent;
using CallCrm.Connectors.Normalization;
using PhoneNumbers;

namespace CallCrm.Connectors.Core.Tests.Normalization;

[TestFixture]
public sealed class PhoneNumberNormalizerTests
{
    private static PhoneNumberNormalizer Create(string region = "CN", int cacheCapacity = 1000) =>
        new(new PhoneNumberNormalizerOptions { DefaultRegion = region, CacheCapacity = cacheCapacity });

    // Real-world numbers in the formats people type them in each country, read in that country.
    [TestCase("13800138000", "CN", "+8613800138000", PhoneNumberLineType.Mobile, "CN", TestName = "China mobile, national")]
    [TestCase("+86 138 0013 8000", "US", "+8613800138000", PhoneNumberLineType.Mobile, "CN", TestName = "China mobile, international, other default region")]
    [TestCase("8613800138000", "CN", "+8613800138000", PhoneNumberLineType.Mobile, "CN", TestName = "China mobile, country code without plus")]
    [TestCase("010-65529988", "CN", "+861065529988", PhoneNumberLineType.FixedLine, "CN", TestName = "China fixed line, Beijing")]
    [TestCase("(0755) 8376 5432", "CN", "+8675583765432", PhoneNumberLineType.FixedLine, "CN", TestName = "China fixed line, Shenzhen with brackets")]
    [TestCase("(201) 555-0123", "US", "+12015550123", PhoneNumberLineType.FixedLineOrMobile, "US", TestName = "US number, national")]
    [TestCase("1-800-356-9377", "US", "+18003569377", PhoneNumberLineType.TollFree, "US", TestName = "US toll free")]
    [TestCase("+1 416 555 0123", "CN", "+14165550123", PhoneNumberLineType.FixedLineOrMobile, "CA", TestName = "Canada number, region from NANP prefix")]
    [TestCase("07400 123456", "GB", "+447400123456", PhoneNumberLineType.Mobile, "GB", TestName = "UK mobile")]
    [TestCase("020 7946 0958", "GB", "+442079460958", PhoneNumberLineType.FixedLine, "GB", TestName = "UK fixed line, London")]
    [TestCase("+44 (0)20 7946 0958", "CN", "+442079460958", PhoneNumberLineType.FixedLine, "GB", TestName = "UK fixed line with (0) trunk prefix")]
    [TestCase("01512 3456789", "DE", "+4915123456789", PhoneNumberLineType.Mobile, "DE", TestName = "Germany mobile")]
    [TestCase("030 123456", "DE", "+4930123456", PhoneNumberLineType.FixedLine, "DE", TestName = "Germany fixed line, Berlin")]
    [TestCase("090-1234-5678", "JP", "+819012345678", PhoneNumberLineType.Mobile, "JP", TestName = "Japan mobile")]
    [TestCase("03-1234-5678", "JP", "+81312345678", PhoneNumberLineType.FixedLine, "JP", TestName = "Japan fixed line, Tokyo")]
    [TestCase("081234 56789", "IN", "+918123456789", PhoneNumberLineType.Mobile, "IN", TestName = "India mobile")]
    [TestCase("011 2345 6789", "IN", "+911123456789", PhoneNumberLineType.FixedLine, "IN", TestName = "India fixed line, Delhi")]
    [TestCase("(11) 96123-4567", "BR", "+5511961234567", PhoneNumberLineType.Mobile, "BR", TestName = "Brazil mobile, Sao Paulo")]
    [TestCase("(11) 2345-6789", "BR", "+551123456789", PhoneNumberLineType.FixedLine, "BR", TestName = "Brazil fixed line, Sao Paulo")]
    [TestCase("0412 345 678", "AU", "+61412345678", PhoneNumberLineType.Mobile, "AU", TestName = "Australia mobile")]
    [TestCase("(02) 1234 5678", "AU", "+61212345678", PhoneNumberLineType.FixedLine, "AU", TestName = "Australia fixed line, Sydney")]
    [TestCase("06 1234 5678", "IT", "+390612345678", PhoneNumberLineType.FixedLine, "IT", TestName = "Italy fixed line, Rome: the leading zero stays in E.164")]
    [TestCase("011 15-2345-6789", "AR", "+5491123456789", PhoneNumberLineType.Mobile, "AR", TestName = "Argentina mobile, national 15 form becomes +54 9")]
    [TestCase("1-800-356-9377", "CA", "+18003569377", PhoneNumberLineType.TollFree, "US", TestName = "North American toll free read in Canada belongs to US, as libphonenumber says")]
    public void Normalize_RealNumber_ReturnsE164TypeAndRegion(string raw, string defaultRegion, string e164, PhoneNumberLineType lineType, string regionCode)
    {
        var result = Create(defaultRegion).Normalize(raw);

        result.Status.Should().Be(PhoneNumberStatus.Valid);
        result.IsValid.Should().BeTrue();
        result.E164.Should().Be(e164);
        result.LineType.Should().Be(lineType);
        result.RegionCode.Should().Be(regionCode);
        result.FailureReason.Should().Be(PhoneNumberFailureReason.None);
        result.Raw.Should().BeSameAs(raw);
        result.CountryCallingCode.Should().Be(PhoneNumberUtil.GetInstance().GetCountryCodeForRegion(regionCode));
    }

    // What call systems and CRMs really send; all read with default region CN unless the case says otherwise.
    [TestCase("0044 20 7946 0958", "CN", "+442079460958", TestName = "00 international prefix in China")]
    [TestCase("0044 20 7946 0958", "US", "+442079460958", TestName = "00 international prefix in the US, whose own prefix is 011")]
    [TestCase("011 44 20 7946 0958", "US", "+442079460958", TestName = "011 international prefix in the US")]
    [TestCase("011 86 138 0013 8000", "CN", "+8613800138000", TestName = "011 international prefix typed in a China-based CRM")]
    [TestCase("0113 496 0000", "GB", "+441134960000", TestName = "UK national number starting 011 (Leeds) is not taken as a prefix")]
    [TestCase("１３８００１３８０００", "CN", "+8613800138000", TestName = "Full-width digits")]
    [TestCase("＋８６　１３８－００１３－８０００", "US", "+8613800138000", TestName = "Full-width plus, ideographic space and full-width hyphen")]
    [TestCase("（０１０）６５５２９９８８", "CN", "+861065529988", TestName = "Full-width brackets")]
    [TestCase("\u200B+86 138\u200D0013 8000\uFEFF", "CN", "+8613800138000", TestName = "Zero-width space, joiner and byte-order mark")]
    [TestCase("\u202A+44 20 7946 0958\u202C", "CN", "+442079460958", TestName = "Bidirectional embedding marks")]
    [TestCase("+44\u00A020\u00A07946\u00A00958", "CN", "+442079460958", TestName = "No-break spaces")]
    [TestCase("138\u00AD0013\u00AD8000", "CN", "+8613800138000", TestName = "Soft hyphens")]
    [TestCase("\t+86 138 0013 8000\r\n", "CN", "+8613800138000", TestName = "Tabs and line breaks")]
    [TestCase("+1\u2013201\u2013555\u20130123", "CN", "+12015550123", TestName = "En dashes")]
    [TestCase("+٩٧١ ٥٠ ١٢٣ ٤٥٦٧", "CN", "+971501234567", TestName = "Arabic-Indic digits")]
    [TestCase("tel:+86-138-0013-8000", "US", "+8613800138000", TestName = "tel URI")]
    [TestCase("TEL:+1-201-555-0123", "CN", "+12015550123", TestName = "tel URI, upper-case scheme")]
    [TestCase("tel:6552-9988;phone-context=+86-10", "US", "+861065529988", TestName = "tel URI, local number with phone-context")]
    [TestCase("sip:+8613800138000@pbx.example.com;user=phone", "US", "+8613800138000", TestName = "sip URI with parameters")]
    [TestCase("sips:+442079460958@sbc.example.co.uk:5061;transport=tls", "CN", "+442079460958", TestName = "sips URI with port")]
    [TestCase("sip:13800138000@10.0.0.1", "CN", "+8613800138000", TestName = "sip URI with national number")]
    [TestCase("sip:%2B8613800138000@pbx.example.com", "US", "+8613800138000", TestName = "sip URI with percent-encoded plus")]
    [TestCase("\"Zhang San\" <sip:+8613800138000@pbx.example.com>", "US", "+8613800138000", TestName = "Caller ID with display name and sip URI")]
    [TestCase("Alice <+1 201 555 0123>", "CN", "+12015550123", TestName = "Caller ID with bare number")]
    [TestCase("\"李四 138\" <13800138000>", "CN", "+8613800138000", TestName = "Caller ID whose name holds digits")]
    [TestCase("\"+86 138 0013 8000\"", "CN", "+8613800138000", TestName = "Quoted number")]
    public void Normalize_WhatSourcesSend_ReturnsE164(string raw, string defaultRegion, string e164)
    {
        var result = Create(defaultRegion).Normalize(raw);

        result.Status.Should().Be(PhoneNumberStatus.Valid);
        result.E164.Should().Be(e164);
        result.Extension.Should().BeNull();
    }

    [TestCase("+1 201 555 0123 ext. 42", "+12015550123", "42", TestName = "ext. marker")]
    [TestCase("+1 201 555 0123 EXT 42", "+12015550123", "42", TestName = "EXT marker, upper case")]
    [TestCase("+1 201 555 0123 extension 42", "+12015550123", "42", TestName = "extension marker")]
    [TestCase("+1 201 555 0123 x42", "+12015550123", "42", TestName = "x marker")]
    [TestCase("+1 201 555 0123 #42", "+12015550123", "42", TestName = "# marker")]
    [TestCase("+1-201-555-0123;ext=42", "+12015550123", "42", TestName = ";ext= parameter")]
    [TestCase("tel:+1-201-555-0123;ext=42", "+12015550123", "42", TestName = "tel URI ext parameter")]
    [TestCase("+1 201 555 0123,,42", "+12015550123", "42", TestName = "Dial-string pauses")]
    [TestCase("010-65529988转8001", "+861065529988", "8001", TestName = "转 marker")]
    [TestCase("010-65529988 轉 8001", "+861065529988", "8001", TestName = "轉 marker, traditional")]
    [TestCase("010-65529988 分机 8001", "+861065529988", "8001", TestName = "分机 marker")]
    [TestCase("010-65529988 分机号：8001", "+861065529988", "8001", TestName = "分机号 marker with full-width colon")]
    [TestCase("010 6552 9988 ＃８００１", "+861065529988", "8001", TestName = "Full-width # marker")]
    [TestCase("+8613800138000#", "+8613800138000", null, TestName = "Trailing # without extension")]
    [TestCase("+7 495 123-45-67 доб. 123", "+74951234567", "123", TestName = "Russian доб. marker")]
    public void Normalize_Extension_SplitsNumberAndExtension(string raw, string e164, string? extension)
    {
        var result = Create("CN").Normalize(raw);

        result.Status.Should().Be(PhoneNumberStatus.Valid);
        result.E164.Should().Be(e164);
        result.Extension.Should().Be(extension);
    }

    [TestCase("anonymous", TestName = "anonymous")]
    [TestCase("Anonymous", TestName = "Anonymous, capitalised")]
    [TestCase("ANONYMOUS", TestName = "ANONYMOUS, upper case (Twilio)")]
    [TestCase("restricted", TestName = "restricted")]
    [TestCase("Private", TestName = "Private")]
    [TestCase("PRIVATE_NUMBER", TestName = "PRIVATE_NUMBER")]
    [TestCase("unknown", TestName = "unknown")]
    [TestCase("Unavailable", TestName = "Unavailable")]
    [TestCase("Number Withheld", TestName = "Number Withheld")]
    [TestCase("blocked", TestName = "blocked")]
    [TestCase("  \"Anonymous\"  ", TestName = "Quoted and padded")]
    [TestCase("匿名", TestName = "Chinese anonymous")]
    [TestCase("未知号码", TestName = "Chinese unknown number")]
    [TestCase("非通知", TestName = "Japanese withheld")]
    [TestCase("\"Anonymous\" <sip:anonymous@anonymous.invalid>", TestName = "RFC 3323 anonymous caller ID")]
    [TestCase("sip:anonymous@anonymous.invalid", TestName = "RFC 3323 anonymous sip URI")]
    [TestCase("<sip:+8613800138000@anonymous.invalid>", TestName = "Any user at anonymous.invalid")]
    [TestCase("sip:restricted@pbx.example.com", TestName = "sip URI with restricted user")]
    [TestCase("\"Anonymous\" <>", TestName = "Caller ID with empty address")]
    [TestCase("0000000000", TestName = "All zeros (PBX private caller)")]
    [TestCase("+000000", TestName = "All zeros with plus")]
    public void Normalize_WithheldMarker_ReturnsAnonymous(string raw)
    {
        var result = Create("CN").Normalize(raw);

        result.Status.Should().Be(PhoneNumberStatus.Anonymous);
        result.E164.Should().BeNull();
        result.FailureReason.Should().Be(PhoneNumberFailureReason.None);
        result.Raw.Should().Be(raw);
    }

    [TestCase("+266696687", TestName = "Sentinel alone")]
    [TestCase("tel:+266696687", TestName = "Sentinel in a tel URI")]
    [TestCase("+266 696 687", TestName = "Sentinel with spaces")]
    public void Normalize_SentinelSuppliedByAProvider_ReturnsAnonymous(string raw)
    {
        var options = new PhoneNumberNormalizerOptions { DefaultRegion = "CN" };
        options.AdditionalWithheldMarkers.Add("+266696687");

        new PhoneNumberNormalizer(options).Normalize(raw).Status.Should().Be(PhoneNumberStatus.Anonymous);
    }

    [Test]
    public void Normalize_VendorSentinelNobodySupplied_IsNotTakenForWithheld()
    {
        // Vendor sentinels are the provider's to supply (Twilio's TwilioWithheldCallerIds): Core knows none of its own.
        var result = Create("CN").Normalize("+266696687");

        result.Status.Should().NotBe(PhoneNumberStatus.Anonymous);
    }

    [Test]
    public void Normalize_SentinelDigitsWithoutPlus_AreReadAsAnOrdinaryNumber()
    {
        // Sentinels are only recognised as vendors send them (with "+"): bare digits may be a real local number.
        var options = new PhoneNumberNormalizerOptions { DefaultRegion = "US" };
        options.AdditionalWithheldMarkers.Add("+2562533");
        var result = new PhoneNumberNormalizer(options).Normalize("2562533");

        result.Status.Should().Be(PhoneNumberStatus.Invalid);
        result.FailureReason.Should().NotBe(PhoneNumberFailureReason.None);
    }

    [TestCase(null, TestName = "null")]
    [TestCase("", TestName = "Empty string")]
    [TestCase("   ", TestName = "Spaces")]
    [TestCase("\u200B\u200B", TestName = "Zero-width spaces only")]
    [TestCase("\u3000", TestName = "Ideographic space")]
    [TestCase("null", TestName = "null placeholder")]
    [TestCase("N/A", TestName = "N/A placeholder")]
    [TestCase("none", TestName = "none placeholder")]
    [TestCase("-", TestName = "Dash placeholder")]
    [TestCase("\"\"", TestName = "Empty quotes")]
    [TestCase("<>", TestName = "Empty angle brackets")]
    [TestCase("tel:", TestName = "tel scheme only")]
    public void Normalize_NothingSent_ReturnsEmpty(string? raw)
    {
        var result = Create("CN").Normalize(raw);

        result.Status.Should().Be(PhoneNumberStatus.Empty);
        result.E164.Should().BeNull();
        result.FailureReason.Should().Be(PhoneNumberFailureReason.None);
    }

    [TestCase("12", "CN", PhoneNumberFailureReason.TooShort, TestName = "Two digits")]
    [TestCase("+44 20 7946", "CN", PhoneNumberFailureReason.TooShort, TestName = "UK number cut short")]
    [TestCase("555-0123", "US", PhoneNumberFailureReason.TooShort, TestName = "US local number without its area code")]
    [TestCase("+86 138 0013 8000 1234 5678 9", "CN", PhoneNumberFailureReason.TooLong, TestName = "Too many digits")]
    [TestCase("+1 201 555 01", "CN", PhoneNumberFailureReason.TooShort, TestName = "US number missing digits")]
    [TestCase("call me", "CN", PhoneNumberFailureReason.ContainsLetters, TestName = "Words")]
    [TestCase("1-800-FLOWERS", "US", PhoneNumberFailureReason.ContainsLetters, TestName = "Vanity letters")]
    [TestCase("138001380OO", "CN", PhoneNumberFailureReason.ContainsLetters, TestName = "Letter O typed for zero")]
    [TestCase("138-0013-8000 or 139-0013-9000", "CN", PhoneNumberFailureReason.ContainsLetters, TestName = "Two numbers in one field")]
    [TestCase("138*0013*8000", "CN", PhoneNumberFailureReason.NotANumber, TestName = "Stars")]
    [TestCase("@@@", "CN", PhoneNumberFailureReason.NotANumber, TestName = "Symbols only")]
    [TestCase("+999 1234 5678", "CN", PhoneNumberFailureReason.InvalidCountryCode, TestName = "Country code 999 does not exist")]
    [TestCase("+1 201 055 0123", "CN", PhoneNumberFailureReason.NotAssigned, TestName = "Impossible US exchange starting with 0")]
    [TestCase("+86 100 0000 0000", "CN", PhoneNumberFailureReason.NotAssigned, TestName = "Impossible China prefix 100")]
    public void Normalize_BadInput_ReturnsInvalidWithReason(string raw, string region, PhoneNumberFailureReason reason)
    {
        var result = Create(region).Normalize(raw);

        result.Status.Should().Be(PhoneNumberStatus.Invalid);
        result.FailureReason.Should().Be(reason);
        result.E164.Should().BeNull();
        result.RegionCode.Should().BeNull();
        result.LineType.Should().Be(PhoneNumberLineType.Unknown);
    }

    [Test]
    public void Normalize_InputLongerThanMaximum_ReturnsTooLongAndIsNotCached()
    {
        var normalizer = Create();
        var raw = new string('1', PhoneNumberNormalizer.MaxInputLength + 1);

        normalizer.Normalize(raw);
        var result = normalizer.Normalize(raw);

        result.Status.Should().Be(PhoneNumberStatus.Invalid);
        result.FailureReason.Should().Be(PhoneNumberFailureReason.TooLong);
        normalizer.CachedCount.Should().Be(0);
    }

    [Test]
    public void Normalize_RegionOverride_ReadsNationalNumberInThatRegion()
    {
        var normalizer = Create("CN");

        // Twice each, so that both readings are cached: the cache must key on the region as well.
        for (var i = 0; i < 2; i++)
        {
            normalizer.Normalize("0412 345 678").IsValid.Should().BeFalse("0412 345 678 is not a Chinese number");
            normalizer.Normalize("0412 345 678", "AU").E164.Should().Be("+61412345678");
            normalizer.Normalize("0412 345 678", " au ").E164.Should().Be("+61412345678");
        }

        normalizer.CachedCount.Should().Be(3);
    }

    [Test]
    public void Normalize_RegionOverrideDoesNotChangeInternationalNumbers()
    {
        Create("CN").Normalize("+44 20 7946 0958", "US").E164.Should().Be("+442079460958");
    }

    [TestCase("XX", TestName = "Unknown code")]
    [TestCase("ZZ", TestName = "libphonenumber's unknown region")]
    [TestCase("China", TestName = "Country name")]
    [TestCase("", TestName = "Empty")]
    public void Normalize_UnknownRegionOverride_ReturnsInvalidWithoutThrowing(string region)
    {
        var normalizer = Create("CN");

        normalizer.Normalize("13800138000", region);
        var result = normalizer.Normalize("13800138000", region);

        result.Status.Should().Be(PhoneNumberStatus.Invalid);
        result.FailureReason.Should().Be(PhoneNumberFailureReason.UnknownRegion);
        normalizer.CachedCount.Should().Be(0);
    }

    [Test]
    public void Normalize_AdditionalWithheldMarkers_AreRecognised()
    {
        var options = new PhoneNumberNormalizerOptions { DefaultRegion = "DE" };
        options.AdditionalWithheldMarkers.Add("Rufnummer gesperrt");
        options.AdditionalWithheldMarkers.Add("+49 0000");
        var normalizer = new PhoneNumberNormalizer(options);

        normalizer.Normalize("RUFNUMMER_GESPERRT").Status.Should().Be(PhoneNumberStatus.Anonymous);
        normalizer.Normalize("+490000").Status.Should().Be(PhoneNumberStatus.Anonymous);
        normalizer.Normalize("anonymous").Status.Should().Be(PhoneNumberStatus.Anonymous, "built-in markers still apply");
        normalizer.Normalize("030 123456").Status.Should().Be(PhoneNumberStatus.Valid);
    }

    [Test]
    public void Normalize_ValidityAgreesWithLibPhoneNumber()
    {
        // The normalizer derives validity from the number type to save a second pattern match; prove the two agree.
        var util = PhoneNumberUtil.GetInstance();
        var normalizer = Create("CN", cacheCapacity: 0);
        string[] numbers =
        [
            "+8613800138000", "+861065529988", "+8612345", "+86100000000000", "+12015550123", "+12010550123",
            "+18003569377", "+14165550123", "+16135550123", "+447400123456", "+442079460958", "+44200000000",
            "+4930123456", "+4915123456789", "+819012345678", "+918123456789", "+5511961234567", "+61412345678",
            "+80012345678", "+882340000000", "+7401234567", "+79123456789", "+33612345678", "+390612345678",
        ];

        foreach (var number in numbers)
        {
            var expected = util.IsValidNumber(util.Parse(number, "CN"));
            normalizer.Normalize(number).IsValid.Should().Be(expected, number);
        }
    }

    [Test]
    public void Normalize_ExampleNumbersOfEveryRegionAndType_AgreeWithLibPhoneNumber()
    {
        // Region, E.164, line type and validity must be libphonenumber's own answers, whatever shortcuts the
        // normalizer takes to reach them: check every example number libphonenumber's metadata holds.
        var util = PhoneNumberUtil.GetInstance();
        var normalizer = Create("CN", cacheCapacity: 0);
        var expectedLineType = new Dictionary<PhoneNumberType, PhoneNumberLineType>
        {
            [PhoneNumberType.FIXED_LINE] = PhoneNumberLineType.FixedLine,
            [PhoneNumberType.MOBILE] = PhoneNumberLineType.Mobile,
            [PhoneNumberType.FIXED_LINE_OR_MOBILE] = PhoneNumberLineType.FixedLineOrMobile,
            [PhoneNumberType.TOLL_FREE] = PhoneNumberLineType.TollFree,
            [PhoneNumberType.PREMIUM_RATE] = PhoneNumberLineType.PremiumRate,
            [PhoneNumberType.SHARED_COST] = PhoneNumberLineType.SharedCost,
            [PhoneNumberType.VOIP] = PhoneNumberLineType.Voip,
            [PhoneNumberType.PERSONAL_NUMBER] = PhoneNumberLineType.PersonalNumber,
            [PhoneNumberType.PAGER] = PhoneNumberLineType.Pager,
            [PhoneNumberType.UAN] = PhoneNumberLineType.UniversalAccessNumber,
            [PhoneNumberType.VOICEMAIL] = PhoneNumberLineType.Voicemail,
        };
        var examples = util.GetSupportedRegions()
            .SelectMany(region => Enum.GetValues<PhoneNumberType>().Select(type => util.GetExampleNumberForType(region, type)))
            .Concat(util.GetSupportedGlobalNetworkCallingCodes().Select(util.GetExampleNumberForNonGeoEntity))
            .Where(example => example is not null)
            .ToList();
        examples.Should().HaveCountGreaterThan(1000, "the metadata holds example numbers for most regions and types");

        var checkedValid = 0;
        foreach (var example in examples)
        {
            var e164 = util.Format(example, PhoneNumberFormat.E164);
            var expected = util.Parse(e164, "CN");
            var type = util.GetNumberType(expected);
            var result = normalizer.Normalize(e164);

            if (!util.IsValidNumber(expected))
            {
                result.IsValid.Should().BeFalse(e164);
                continue;
            }

            checkedValid++;
            result.IsValid.Should().BeTrue(e164);
            result.E164.Should().Be(util.Format(expected, PhoneNumberFormat.E164), e164);
            result.RegionCode.Should().Be(util.GetRegionCodeForNumber(expected), e164);
            result.CountryCallingCode.Should().Be(expected.CountryCode, e164);
            result.LineType.Should().Be(expectedLineType[type], e164);
        }

        checkedValid.Should().BeGreaterThan(1000);
    }

    [Test]
    public void Normalize_RandomGarbage_NeverThrows()
    {
        var random = new Random(20240611);
        var alphabet = "0123456789+-() .#xX;=:@<>\"'转分机ext%telsip\u200B\uFF10\uFF0B\u3000\uD83D\uDE00\u0000\u202E/\\*,";
        var normalizer = Create("CN", cacheCapacity: 64);

        for (var i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(10) == 0 ? (char)random.Next(0, 0xFFFF) : alphabet[random.Next(alphabet.Length)];
            }

            var raw = new string(chars);
            var act = () => normalizer.Normalize(raw);
            act.Should().NotThrow(string.Join(",", chars.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture))));
        }
    }

    [Test]
    public void Normalize_RepeatedNumber_ReturnsCachedInstanceWithoutAllocating()
    {
        var normalizer = Create();
        const string Raw = "+86 138 0013 8000";

        // A number is cached from its second sighting on.
        normalizer.Normalize(Raw);
        normalizer.Normalize(Raw, "US");
        var first = normalizer.Normalize(Raw);
        normalizer.Normalize(Raw, "US");

        var before = GC.GetAllocatedBytesForCurrentThread();
        PhoneNumberResult? last = null;
        for (var i = 0; i < 1000; i++)
        {
            last = normalizer.Normalize(Raw);
            last = normalizer.Normalize(Raw, "US");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
        normalizer.Normalize(Raw).Should().BeSameAs(first);
        last!.E164.Should().Be("+8613800138000");
    }

    [Test]
    public void Normalize_ManyDistinctNumbers_CacheStaysWithinCapacity()
    {
        var normalizer = Create(cacheCapacity: 16);

        for (var i = 0; i < 500; i++)
        {
            var raw = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"138{i:D8}");
            normalizer.Normalize(raw);
            normalizer.Normalize(raw);
        }

        normalizer.CachedCount.Should().BeInRange(1, 16);
        normalizer.Normalize("13800000042").E164.Should().Be("+8613800000042", "evicted numbers are normalized again");
    }

    [Test]
    public void Normalize_NumberSeenOnce_IsNotCached_SeenAgain_IsCached()
    {
        var normalizer = Create();

        var first = normalizer.Normalize("13800138000");
        normalizer.CachedCount.Should().Be(0, "one-off numbers must not push hot numbers out of the cache");
        var second = normalizer.Normalize("13800138000");
        var third = normalizer.Normalize("13800138000");

        normalizer.CachedCount.Should().Be(1);
        second.Should().Be(first);
        third.Should().BeSameAs(second);
    }

    [Test]
    public void Normalize_CacheDisabled_StillNormalizesAndCachesNothing()
    {
        var normalizer = Create(cacheCapacity: 0);

        var first = normalizer.Normalize("13800138000");
        var second = normalizer.Normalize("13800138000");

        first.E164.Should().Be("+8613800138000");
        second.Should().Be(first).And.NotBeSameAs(first);
        normalizer.CachedCount.Should().Be(0);
    }

    [Test]
    public async Task Normalize_InParallel_GivesSameResultsAsSequential()
    {
        string[] inputs =
        [
            "13800138000", "+44 20 7946 0958", "anonymous", "+266696687", "12", "010-65529988转8001",
            "\"Zhang San\" <sip:+8613800138000@pbx.example.com>", "１３８００１３８０００", "call me", "", "0044 20 7946 0958",
            "+1 201 555 0123 x42", "tel:+86-138-0013-8000", "+999 1234 5678", "(0755) 8376 5432", "N/A",
        ];
        var expected = inputs.ToDictionary(i => i, i => Create(cacheCapacity: 0).Normalize(i));

        // A cache smaller than the input set forces evictions while other threads read.
        var normalizer = Create(cacheCapacity: 4);
        var mismatches = new ConcurrentBag<string>();
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 5000; i++)
            {
                var input = inputs[(i * 7 + worker) % inputs.Length];
                var actual = normalizer.Normalize(input);
                if (!actual.Equals(expected[input]))
                {
                    mismatches.Add(input);
                }
            }
        }));
        await Task.WhenAll(workers);

        mismatches.Should().BeEmpty();
        normalizer.CachedCount.Should().BeLessThanOrEqualTo(4);
    }
}
