using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance tests of an <see cref="ICrmSink"/>: derive this fixture in the provider's test project and
/// implement <see cref="ConformanceTests{THarness}.CreateHarnessAsync"/> with a <see cref="CrmSinkHarness"/>.</summary>
/// <remarks>Each test runs one scenario of <see cref="RecordSinkScenarios"/> against a fresh backend.</remarks>
public abstract class CrmSinkConformanceTests : RecordSinkConformanceTests<CallRecord>
{
}
