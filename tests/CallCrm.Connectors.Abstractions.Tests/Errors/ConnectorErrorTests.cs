using System.Globalization;
using System.Reflection;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Abstractions.Tests.Errors;

public class ConnectorErrorTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-Hans");

    public static IEnumerable<ConnectorErrorCode> WellKnownCodes() =>
        typeof(ConnectorErrorCode)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ConnectorErrorCode))
            .Select(f => (ConnectorErrorCode)f.GetValue(null)!);

    [Test]
    public void WellKnownCodes_AreFoundByReflection()
    {
        // Guards the reflection the other tests rely on: if it found nothing they would pass vacuously.
        WellKnownCodes().Should().HaveCountGreaterThanOrEqualTo(20).And.Contain(ConnectorErrorCode.UnsupportedContractVersion);
    }

    [TestCaseSource(nameof(WellKnownCodes))]
    public void GetUserMessage_WellKnownCode_HasItsOwnEnglishMessage(ConnectorErrorCode code)
    {
        var error = new ConnectorError { Code = code, SystemName = "HubSpot" };
        var generic = new ConnectorError { Code = new("NO_SUCH_CODE"), SystemName = "HubSpot" };

        var message = error.GetUserMessage(English);

        message.Should().NotContain(code.Value, "a bare code is never shown")
            .And.NotContain("{", "every placeholder is filled")
            .And.MatchRegex(@"\. \S.*\.$", "the message says what happened, then what to do");
        if (code != ConnectorErrorCode.Unknown)
        {
            message.Should().NotBe(generic.GetUserMessage(English), "a well-known code has a message of its own");
        }
    }

    [TestCaseSource(nameof(WellKnownCodes))]
    public void GetUserMessage_WellKnownCode_HasItsOwnChineseMessage(ConnectorErrorCode code)
    {
        var error = new ConnectorError { Code = code, SystemName = "HubSpot" };

        var message = error.GetUserMessage(Chinese);

        message.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}", "the zh-Hans message is in Chinese")
            .And.NotBe(error.GetUserMessage(English))
            .And.NotContain(code.Value)
            .And.NotContain("{")
            .And.MatchRegex("。.+。$", "the message says what happened, then what to do");
    }

    [TestCase("zh-CN")]
    [TestCase("zh-SG")]
    [TestCase("zh-Hans")]
    public void GetUserMessage_SimplifiedChineseCultures_ResolveToZhHans(string cultureName)
    {
        var error = new ConnectorError { Code = ConnectorErrorCode.Unreachable, SystemName = "HubSpot" };

        error.GetUserMessage(CultureInfo.GetCultureInfo(cultureName))
            .Should().Be("无法连接到HubSpot。请检查网络或 VPN 连接；通话记录已保留，连接恢复后会自动发送。");
    }

    [TestCase("en-US")]
    [TestCase("fr-FR")]
    [TestCase("")]
    public void GetUserMessage_OtherCultures_AreEnglish(string cultureName)
    {
        var error = new ConnectorError { Code = ConnectorErrorCode.Unreachable, SystemName = "HubSpot" };

        error.GetUserMessage(CultureInfo.GetCultureInfo(cultureName)).Should().Be(
            "Cannot connect to HubSpot. Check the network or VPN connection; calls are kept and will be sent when the connection is back.");
    }

    [Test]
    public void GetUserMessage_NoCulture_UsesCurrentUICulture()
    {
        var error = new ConnectorError { Code = ConnectorErrorCode.AuthenticationFailed, SystemName = "Salesforce" };
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            error.GetUserMessage().Should().StartWith("Salesforce拒绝了登录");

            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-GB");
            error.GetUserMessage().Should().StartWith("The sign-in to Salesforce was refused.");
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    [Test]
    public void GetUserMessage_NoSystemName_NamesTheConnectedSystemGenerically()
    {
        var error = new ConnectorError { Code = ConnectorErrorCode.Unreachable };

        error.GetUserMessage(English).Should().StartWith("Cannot connect to the connected system.");
        error.GetUserMessage(Chinese).Should().StartWith("无法连接到对方系统。");
    }

    [Test]
    public void GetUserMessage_ProviderSpecificCode_FallsBackToAGenericMessageNotTheCode()
    {
        var permanent = new ConnectorError { Code = new("ZENDESK_TICKET_LOCKED"), SystemName = "Zendesk" };
        var transient = permanent with { IsTransient = true };

        permanent.GetUserMessage(English).Should().Be(
            "Something went wrong while working with Zendesk. Try again; if the problem continues, contact support and include the technical details from the log.");
        transient.GetUserMessage(English).Should().StartWith("A temporary problem occurred with Zendesk.");
        transient.GetUserMessage(Chinese).Should().StartWith("Zendesk出现临时问题。").And.NotContain("ZENDESK");
    }

    [Test]
    public void GetUserMessage_DefaultCode_FallsBackToTheGenericMessage()
    {
        var error = new ConnectorError { Code = default };

        error.GetUserMessage(English).Should().StartWith("Something went wrong while working with the connected system.");
    }

    [Test]
    public void GetUserMessage_ValidationFailure_NamesTheFields()
    {
        var error = new ConnectorError
        {
            Code = ConnectorErrorCode.ValidationFailed,
            SystemName = "HubSpot",
            FieldErrors = [new("phone", "INVALID_FORMAT"), new("email", "required"), new("phone", "too long")],
        };

        error.GetUserMessage(English).Should().EndWith("field mapping. Fields to check: phone, email.");
        error.GetUserMessage(Chinese).Should().EndWith("字段映射。请检查以下字段：phone、email。");
    }

    [Test]
    public void GetUserMessage_ManyFields_NamesFiveAndCountsTheRest()
    {
        var error = new ConnectorError
        {
            Code = ConnectorErrorCode.ValidationFailed,
            FieldErrors = Enumerable.Range(1, 8).Select(i => new FieldError($"f{i}", "bad")).ToList(),
        };

        error.GetUserMessage(English).Should().EndWith("Fields to check: f1, f2, f3, f4, f5 and 3 more.");
    }

    [TestCase(1, "1 second", "1 秒")]
    [TestCase(30, "30 seconds", "30 秒")]
    [TestCase(61, "61 seconds", "61 秒")]
    [TestCase(91, "2 minutes", "2 分钟")]
    [TestCase(3600, "60 minutes", "60 分钟")]
    [TestCase(7200, "2 hours", "2 小时")]
    public void GetUserMessage_RateLimitedWithRetryAfter_SaysWhenTheNextTryComes(int seconds, string english, string chinese)
    {
        var error = new ConnectorError
        {
            Code = ConnectorErrorCode.RateLimited,
            IsTransient = true,
            SystemName = "HubSpot",
            RetryAfter = TimeSpan.FromSeconds(seconds),
        };

        error.GetUserMessage(English).Should().EndWith($"tries again by itself. The next try is in about {english}.");
        error.GetUserMessage(Chinese).Should().EndWith($"自动重试。预计约 {chinese}后重试。");
    }

    [Test]
    public void GetUserMessage_TraditionalChinese_FallsBackToEnglishWithEnglishSpacing()
    {
        var error = new ConnectorError { Code = ConnectorErrorCode.ValidationFailed, FieldErrors = [new("phone", "bad")] };

        error.GetUserMessage(CultureInfo.GetCultureInfo("zh-TW")).Should().EndWith("field mapping. Fields to check: phone.");
    }

    [Test]
    public void GetUserMessage_CodeInOtherCase_FindsItsMessage()
    {
        var error = new ConnectorError { Code = new("rate_limited"), IsTransient = true, SystemName = "HubSpot" };

        error.GetUserMessage(English).Should().StartWith("Too many requests were sent to HubSpot");
    }

    [Test]
    public void GetUserMessage_PermanentErrorWithRetryAfter_DoesNotPromiseARetry()
    {
        var error = new ConnectorError { Code = ConnectorErrorCode.PermissionDenied, RetryAfter = TimeSpan.FromSeconds(5) };

        error.GetUserMessage(English).Should().NotContain("next try");
    }

    [Test]
    public void SatelliteAssembly_ForZhHans_IsBuilt()
    {
        var satellite = typeof(ConnectorError).Assembly.GetSatelliteAssembly(Chinese);

        satellite.GetManifestResourceNames().Should().ContainSingle(n => n.EndsWith("ErrorMessages.zh-Hans.resources", StringComparison.Ordinal));
    }
}
