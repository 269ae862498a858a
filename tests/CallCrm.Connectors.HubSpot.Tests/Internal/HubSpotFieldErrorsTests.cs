using System.Text.Json;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.HubSpot.Internal;

namespace CallCrm.Connectors.HubSpot.Tests.Internal;

public sealed class HubSpotFieldErrorsTests
{
    private static IReadOnlyList<FieldError> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return HubSpotFieldErrors.Read(document.RootElement);
    }

    [Test]
    public void Read_ValidationError_ReadsPropertyNamesFromContext()
    {
        var errors = Read("""{"status":"error","message":"Property values were not valid","category":"VALIDATION_ERROR","errors":[{"message":"Property \"hs_call_foo\" does not exist","code":"PROPERTY_DOESNT_EXIST","context":{"propertyName":["hs_call_foo"]}}]}""");

        errors.Should().Equal(new FieldError("hs_call_foo", "Property \"hs_call_foo\" does not exist"));
    }

    [Test]
    public void Read_PropertyNameAsAString_ReadsIt()
    {
        Read("""{"errors":[{"context":{"propertyName":"email"}}]}""").Should().Equal(new FieldError("email", "invalid"));
    }

    [TestCase("""{"errors":{"Email":["is not valid"]}}""")]
    [TestCase("""[{"message":"x","fields":["Subject"]}]""")]
    [TestCase("""{"errors":[{"message":"no context"}]}""")]
    public void Read_OtherShapes_FindsNothingSoTheCommonShapesAreSearched(string json)
    {
        Read(json).Should().BeEmpty();
    }
}
