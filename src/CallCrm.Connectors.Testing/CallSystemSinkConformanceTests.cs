using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance tests of a sink of customers' tag sets (an <see cref="ICallSystemSink"/> or an
/// <see cref="ICrmTagSink"/>): derive this fixture in the provider's test project and implement
/// <see cref="ConformanceTests{THarness}.CreateHarnessAsync"/> with a <see cref="CallSystemSinkHarness"/>.</summary>
/// <remarks>Each test runs one scenario of <see cref="RecordSinkScenarios"/> or <see cref="CustomerTagSinkScenarios"/>
/// against a fresh backend.</remarks>
public abstract class CallSystemSinkConformanceTests : RecordSinkConformanceTests<CustomerTagUpdate>
{
    /// <summary>A newer version of a customer's tags replaces the whole set: tags it no longer has are removed.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ANewerVersionReplacesTheWholeTagSet() => CustomerTagSinkScenarios.ANewerVersionReplacesTheWholeTagSetAsync(Harness, TestCancellationToken);
}
