using CallCrm.Connectors.Errors;
using CallCrm.Connectors.HubSpot.Api;
using CallCrm.Connectors.HubSpot.Internal;

namespace CallCrm.Connectors.HubSpot.Tests.Internal;

public sealed class ValidationErrorReaderTests
{
    private static ErrorDto Error(string message) => new() { Status = "error", Category = "VALIDATION_ERROR", Message = message };

    private static Dictionary<string, string?> Input(params (string Name, string? Value)[] properties) =>
        properties.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    [Test]
    public void Problems_HubSpotPropertyMessage_ReadsEveryNamedProperty()
    {
        var error = Error("""Property values were not valid: [{"isValid":false,"message":"-3000 was not a valid long.","error":"INVALID_LONG","name":"hs_call_duration","invalidValue":"-3000","localizedErrorMessage":"x"},{"isValid":false,"message":"Property \"survey\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"survey","invalidValue":"9"}]""");

        var problems = ValidationErrorReader.Problems(error);

        problems.Should().Equal(
            new PropertyProblem("hs_call_duration", "-3000", "INVALID_LONG", "-3000 was not a valid long."),
            new PropertyProblem("survey", "9", "PROPERTY_DOESNT_EXIST", "Property \"survey\" does not exist"));
    }

    [Test]
    public void Problems_ItemWithoutErrorCodeOrName_DefaultsTheCodeAndSkipsTheNameless()
    {
        var problems = ValidationErrorReader.Problems(Error("""Property values were not valid: [{"name":"hs_timestamp"},{"error":"INVALID_DATE"},"text",{"name":""}]"""));

        problems.Should().Equal(new PropertyProblem("hs_timestamp", null, "INVALID", null));
    }

    [TestCase(null)]
    [TestCase("Invalid input JSON on line 1")]
    [TestCase("Property values were not valid: {\"name\":\"x\"}")]
    [TestCase("Property values were not valid: [{\"name\":\"x\"")]
    [TestCase("Property values were not valid:")]
    public void Problems_MessageInAnotherShape_NamesNothingSoTheSinkBisects(string? message)
    {
        ValidationErrorReader.Problems(message is null ? null : Error(message)).Should().BeEmpty();
    }

    [Test]
    public void Problems_NoError_NamesNothing()
    {
        ValidationErrorReader.Problems(null).Should().BeEmpty();
    }

    [Test]
    public void Culprits_InputsHoldingTheRefusedValue_AreNamedWithTheProperty()
    {
        var inputs = new[]
        {
            Input(("hs_call_duration", "95000")),
            Input(("hs_call_duration", "-3000")),
            Input(("hs_call_duration", "95000")),
            Input(("hs_call_duration", "-3000"), ("survey", "9")),
        };
        var problems = new[]
        {
            new PropertyProblem("hs_call_duration", "-3000", "INVALID_LONG", "-3000 was not a valid long."),
            new PropertyProblem("survey", "9", "PROPERTY_DOESNT_EXIST", null),
        };

        var culprits = ValidationErrorReader.Culprits(inputs, problems);

        culprits.Keys.Should().BeEquivalentTo([1, 3]);
        culprits[1].Should().Equal(new FieldError("hs_call_duration", "INVALID_LONG"));
        culprits[3].Should().Equal(new FieldError("hs_call_duration", "INVALID_LONG"), new FieldError("survey", "PROPERTY_DOESNT_EXIST"));
    }

    [Test]
    public void Culprits_ValueDiffersOnlyInCase_IsNotACulprit()
    {
        var culprits = ValidationErrorReader.Culprits([Input(("hs_call_status", "completed"))], [new PropertyProblem("hs_call_status", "COMPLETED", "INVALID_OPTION", null)]);

        culprits.Should().BeEmpty("HubSpot quotes the value it refused exactly; a near match could fail a valid call");
    }

    [Test]
    public void Culprits_RequiredPropertyWithoutValue_NamesInputsMissingOrEmptyOnIt()
    {
        var inputs = new[] { Input(("hs_timestamp", "2026-11-24T14:30:00.000Z")), Input(), Input(("hs_timestamp", "")), Input(("hs_timestamp", null)) };

        var culprits = ValidationErrorReader.Culprits(inputs, [new PropertyProblem("hs_timestamp", null, "REQUIRED_PROPERTY", null)]);

        culprits.Keys.Should().BeEquivalentTo([1, 2, 3]);
    }

    [Test]
    public void Culprits_OtherProblemWithoutRefusedValue_PinsNoInput()
    {
        var culprits = ValidationErrorReader.Culprits([Input(("hs_call_body", "x")), Input()], [new PropertyProblem("hs_call_body", null, "INVALID", null)]);

        culprits.Should().BeEmpty("without the refused value nothing says which input is wrong: the sink bisects");
    }

    [Test]
    public void ToFieldError_CarriesTheCodeNeverTheMessageWithTheRefusedValue()
    {
        var field = new PropertyProblem("hs_call_to_number", "+14155550100", "INVALID_PHONE", "+14155550100 is not valid").ToFieldError();

        field.Should().Be(new FieldError("hs_call_to_number", "INVALID_PHONE"));
        field.ToString().Should().NotContain("4155550100");
    }
}
