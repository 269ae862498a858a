using CallCrm.Connectors.Mapping;

namespace CallCrm.Connectors.Core.Tests.Mapping;

public class FieldCleansingOptionsTests
{
    [Test]
    public void Validate_TextRulesOnly_NeedsNoZoneNorRegion()
    {
        var options = new FieldCleansingOptions();
        options.Fields["queue"] = new FieldCleansingRule { CleanText = true, Default = "general", MaxLength = 64 };

        options.Validate().Should().BeEmpty();
    }

    [Test]
    public void Validate_DateTimeAndPhoneFieldsWithoutZoneAndRegion_NamesBothSettings()
    {
        var options = new FieldCleansingOptions();
        options.Fields["callback_at"] = new FieldCleansingRule { Normalize = FieldNormalization.DateTime };
        options.Fields["callback_number"] = new FieldCleansingRule { Normalize = FieldNormalization.Phone };

        var failures = options.Validate();

        failures.Should().HaveCount(2);
        failures[0].Should().Contain("DefaultZone");
        failures[1].Should().Contain("DefaultRegion");
    }

    [Test]
    public void Validate_MaxLengthZero_NamesTheField()
    {
        var options = new FieldCleansingOptions();
        options.Fields["queue"] = new FieldCleansingRule { MaxLength = 0 };

        options.Validate().Should().ContainSingle().Which.Should().Contain("'queue'").And.Contain("MaxLength");
    }

    [Test]
    [SetUICulture("zh-CN")]
    public void Validate_UnderChineseUiCulture_ExplainsInChinese()
    {
        var options = new FieldCleansingOptions { DefaultZone = "China Standard Time" };
        options.Fields["callback_at"] = new FieldCleansingRule { Normalize = FieldNormalization.DateTime };
        options.Fields["queue"] = new FieldCleansingRule { MaxLength = 0 };

        var failures = options.Validate();

        failures.Should().HaveCount(2);
        failures[0].Should().Be("字段“queue”的清洗规则：MaxLength 至少为 1，当前为 0。");
        failures[1].Should().StartWith("DateTimeNormalizerOptions.DefaultZone“China Standard Time”不是 IANA 时区数据库")
            .And.EndWith("这是 Windows 时区 ID，对应的 IANA ID 是“Asia/Shanghai”。");
    }
}
