using System.Globalization;
using CallCrm.Connectors.Errors;
using FluentAssertions;

namespace CallCrm.Connectors.Testing;

/// <summary>What the kit expects of the error a provider reports for each <see cref="BackendFault"/>.</summary>
internal static class ErrorExpectations
{
    /// <summary>Checks that <paramref name="error"/> is how a provider must report <paramref name="fault"/>.</summary>
    /// <param name="error">The error the provider reported.</param>
    /// <param name="fault">The fault the backend produced.</param>
    /// <param name="operation">What was attempted, for the failure message.</param>
    public static void ShouldReport(this ConnectorError error, BackendFault fault, string operation)
    {
        switch (fault)
        {
            case BackendFault.ServiceUnavailable:
                error.Code.Should().Be(ConnectorErrorCode.ServiceUnavailable, "a 5xx answer to {0} maps to SERVICE_UNAVAILABLE (ConnectorErrorClassifier.FromHttpResponse)", operation);
                error.IsTransient.Should().BeTrue("a 5xx answer to {0} may pass, so the engine retries it", operation);
                break;
            case BackendFault.Unreachable:
                error.Code.Should().BeOneOf(
                    [ConnectorErrorCode.Unreachable, ConnectorErrorCode.ServiceUnavailable, ConnectorErrorCode.Timeout],
                    "an unreachable backend during {0} maps to UNREACHABLE, SERVICE_UNAVAILABLE or TIMEOUT (ConnectorErrorClassifier.FromException)",
                    operation);
                error.IsTransient.Should().BeTrue("an unreachable backend during {0} may come back, so the engine retries", operation);
                break;
            case BackendFault.CredentialsRejected:
                error.Code.Should().Be(ConnectorErrorCode.AuthenticationFailed, "refused credentials during {0} map to AUTHENTICATION_FAILED", operation);
                error.IsTransient.Should().BeFalse("retrying with refused credentials during {0} cannot succeed and may lock the account", operation);
                break;
            default:
                break;
        }

        error.SystemName.Should().NotBeNullOrWhiteSpace("the friendly message of a failure during {0} names the system that failed", operation);
        error.GetUserMessage(CultureInfo.InvariantCulture).Should().NotBeNullOrWhiteSpace("a failure during {0} has a message for people", operation);
    }
}
