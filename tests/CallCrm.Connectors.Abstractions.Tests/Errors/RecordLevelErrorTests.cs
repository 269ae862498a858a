using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Abstractions.Tests.Errors;

/// <summary>Which errors refuse records (the engine bisects the batch) rather than the connection or the account.</summary>
public class RecordLevelErrorTests
{
    [TestCase("VALIDATION_FAILED", null, true)]
    [TestCase("INVALID_RECORD", null, true)]
    [TestCase("INVALID_PHONE_NUMBER", null, true)]
    [TestCase("INVALID_DATE_TIME", null, true)]
    [TestCase("NOT_FOUND", null, true)]
    [TestCase("CONFLICT", null, true)]
    [TestCase("VENDOR_SPECIFIC", 422, true)]
    [TestCase("AUTHENTICATION_FAILED", 401, false)]
    [TestCase("PERMISSION_DENIED", 403, false)]
    [TestCase("TIMEOUT", 408, false)]
    [TestCase("RATE_LIMITED", 429, false)]
    [TestCase("SERVICE_UNAVAILABLE", 503, false)]
    [TestCase("UNREACHABLE", null, false)]
    [TestCase("BUDGET_EXHAUSTED", null, false)]
    public void IsRecordLevel_ByCodeAndStatus(string code, int? status, bool expected)
    {
        var error = new ConnectorError { Code = new ConnectorErrorCode(code), HttpStatus = status };

        ConnectorErrorClassifier.IsRecordLevel(error).Should().Be(expected);
    }
}
