using System.Reflection;

namespace CallCrm.Connectors.Testing.Tests;

public class ConformanceTestsTests
{
    private static readonly (Type Scenarios, Type Fixture)[] Pairs =
    [
        (typeof(CallSourceScenarios), typeof(CallSourceConformanceTests)),
        (typeof(CustomerSourceScenarios), typeof(CustomerSourceConformanceTests)),
        (typeof(CrmSinkScenarios), typeof(CrmSinkConformanceTests)),
        (typeof(CallSystemSinkScenarios), typeof(CallSystemSinkConformanceTests)),
        (typeof(CustomerLookupScenarios), typeof(CustomerLookupConformanceTests)),
    ];

    [TestCaseSource(nameof(Pairs))]
    public void Fixture_ForEveryPublicScenario_HasATest((Type Scenarios, Type Fixture) pair)
    {
        var scenarios = pair.Scenarios.GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name[..^"Async".Length]);
        var tests = pair.Fixture.GetMethods().Where(m => m.IsDefined(typeof(TestAttribute))).Select(m => m.Name);

        tests.Should().BeEquivalentTo(scenarios, "a provider deriving {0} runs every scenario of {1}", pair.Fixture.Name, pair.Scenarios.Name);
    }
}
