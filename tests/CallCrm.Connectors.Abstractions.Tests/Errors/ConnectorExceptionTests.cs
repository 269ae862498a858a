using System.Globalization;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Abstractions.Tests.Errors;

public class ConnectorExceptionTests
{
    [Test]
    public void UserMessage_FollowsCurrentUICulture()
    {
        var exception = new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.Timeout, IsTransient = true, SystemName = "Genesys" });
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            exception.UserMessage.Should().StartWith("Genesys没有及时响应。");

            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
            exception.UserMessage.Should().StartWith("No answer came from Genesys in time.");
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    [Test]
    public void Message_WithTechnicalDetail_LeadsWithTheCodeForLogs()
    {
        var exception = new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.NotFound, TechnicalDetail = "GET /contacts/42 returned 404" });

        exception.Message.Should().Be("NOT_FOUND: GET /contacts/42 returned 404");
        exception.Code.Should().Be(ConnectorErrorCode.NotFound);
    }

    [Test]
    public void Message_WithoutTechnicalDetail_IsNotABareCode()
    {
        var exception = new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.Conflict, SystemName = "HubSpot" });

        exception.Message.Should().StartWith("CONFLICT: The change clashes with a newer change made in HubSpot.");
    }

    [Test]
    public void Constructor_WithMessageOnly_IsUnknownWithTheMessageAsDetail()
    {
        var inner = new InvalidOperationException("boom");

        var exception = new ConnectorException("wrapped", inner);

        exception.Code.Should().Be(ConnectorErrorCode.Unknown);
        exception.Error.TechnicalDetail.Should().Be("wrapped");
        exception.InnerException.Should().BeSameAs(inner);
        exception.IsTransient.Should().BeFalse();
    }
}
