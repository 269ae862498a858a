using System.Reflection;

namespace CallCrm.Connectors.Testing.Tests;

public class ConformanceTestsTests
{
    private static readonly (Type Fixture, Type[] Scenarios)[] Pairs =
    [
        (typeof(CallSourceConformanceTests), [typeof(CallSourceScenarios)]),
        (typeof(CustomerSourceConformanceTests), [typeof(CustomerSourceScenarios)]),
        (typeof(RecordSinkConformanceTests<>), [typeof(RecordSinkScenarios)]),
        (typeof(CrmSinkConformanceTests), [typeof(RecordSinkScenarios)]),
        (typeof(CallSystemSinkConformanceTests), [typeof(RecordSinkScenarios), typeof(CustomerTagSinkScenarios)]),
        (typeof(CustomerLookupConformanceTests), [typeof(CustomerLookupScenarios)]),
    ];

    [TestCaseSource(nameof(Pairs))]
    public void Fixture_ForEveryPublicScenario_HasATest((Type Fixture, Type[] Scenarios) pair)
    {
        var scenarios = pair.Scenarios.SelectMany(s => s.GetMethods(BindingFlags.Public | BindingFlags.Static)).Select(m => m.Name[..^"Async".Length]);
        var tests = pair.Fixture.GetMethods().Where(m => m.IsDefined(typeof(TestAttribute))).Select(m => m.Name);

        tests.Should().BeEquivalentTo(scenarios, "a provider deriving {0} runs every scenario of {1}", pair.Fixture.Name, string.Join(", ", pair.Scenarios.Select(s => s.Name)));
    }
}
