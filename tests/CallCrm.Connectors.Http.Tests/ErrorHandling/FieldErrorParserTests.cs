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
    public void Parse_VendorShapeWithoutAReader_FindsNoFieldBecauseVendorShapesAreTheProvidersToRead()
    {
        // Salesforce's root array with "fields": a vendor's shape, no longer guessed by the generic parser.
        var errors = Parse("""[{"message":"Required fields are missing: [Subject]","errorCode":"REQUIRED_FIELD_MISSING","fields":["Subject","WhoId"]}]""");

        errors.Should().BeEmpty();
    }

    [Test]
    public void Parse_VendorReaderFindsFields_TakesThemAlone()
    {
        var errors = FieldErrorParser.Parse(
            Encoding.UTF8.GetBytes("""{"errors":{"Email":["is not valid"]},"vendor":{"field":"Subject"}}"""),
            root => [new FieldError(root.GetProperty("vendor").GetProperty("field").GetString()!, "vendor says so")]);

        errors.Should().Equal(new FieldError("Subject", "vendor says so"));
    }

    [Test]
    public void Parse_VendorReaderFindsNothing_FallsBackToTheCommonShapes()
    {
        var errors = FieldErrorParser.Parse(Encoding.UTF8.GetBytes("""{"errors":{"Email":["is not valid"]}}"""), _ => []);

        errors.Should().Equal(new FieldError("Email", "is not valid"));
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
