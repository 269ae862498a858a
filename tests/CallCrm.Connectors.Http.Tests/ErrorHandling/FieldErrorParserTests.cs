using System.Text;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http.ErrorHandling;

namespace CallCrm.Connectors.Http.Tests.ErrorHandling;

public class FieldErrorParserTests
{
    private static IReadOnlyList<FieldError> Parse(string json) => FieldErrorParser.Parse(Encoding.UTF8.GetBytes(json));

    [Test]
    public void Parse_ValidationProblemDetails_ReadsEveryMessageOfEveryField()
    {
        var errors = Parse("""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":422,"errors":{"Email":["is not valid","is required"],"Phone":["too long"]}}""");

        errors.Should().Equal(new FieldError("Email", "is not valid"), new FieldError("Email", "is required"), new FieldError("Phone", "too long"));
    }

    [Test]
    public void Parse_HubSpotValidationError_ReadsPropertyNamesFromContext()
    {
        var errors = Parse("""{"status":"error","message":"Property values were not valid","category":"VALIDATION_ERROR","errors":[{"message":"Property \"hs_call_foo\" does not exist","code":"PROPERTY_DOESNT_EXIST","context":{"propertyName":["hs_call_foo"]}}]}""");

        errors.Should().Equal(new FieldError("hs_call_foo", "Property \"hs_call_foo\" does not exist"));
    }

    [Test]
    public void Parse_SalesforceRootArray_ReadsFieldsList()
    {
        var errors = Parse("""[{"message":"Required fields are missing: [Subject]","errorCode":"REQUIRED_FIELD_MISSING","fields":["Subject","WhoId"]}]""");

        errors.Select(e => e.Field).Should().Equal("Subject", "WhoId");
        errors.Should().OnlyContain(e => e.Reason == "Required fields are missing: [Subject]");
    }

    [Test]
    public void Parse_JsonApiErrors_TakesFieldFromPointer()
    {
        var errors = Parse("""{"errors":[{"status":"422","source":{"pointer":"/data/attributes/email"},"detail":"must be an e-mail address"}]}""");

        errors.Should().Equal(new FieldError("email", "must be an e-mail address"));
    }

    [Test]
    public void Parse_GoogleStyleFieldViolations_ReadsNestedDetails()
    {
        var errors = Parse("""{"error":{"code":400,"message":"Invalid","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"contact.phone","description":"Invalid phone"}]}]}}""");

        errors.Should().Equal(new FieldError("contact.phone", "Invalid phone"));
    }

    [Test]
    public void Parse_GenericFieldArray_ReadsFieldAndMessage()
    {
        var errors = Parse("""{"fieldErrors":[{"field":"duration","message":"must be positive"},{"name":"direction"}]}""");

        errors.Should().Equal(new FieldError("duration", "must be positive"), new FieldError("direction", "invalid"));
    }

    [TestCase("<html><body>Bad Request</body></html>")]
    [TestCase("""{"message":"Bad request"}""")]
    [TestCase("")]
    [TestCase("[1,2,3]")]
    public void Parse_NoKnownShape_ReturnsEmpty(string body)
    {
        Parse(body).Should().BeEmpty();
    }
}
