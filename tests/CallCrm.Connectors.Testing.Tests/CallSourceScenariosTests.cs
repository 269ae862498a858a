using CallCrm.Connectors.Testing.InMemory;
using CallCrm.Connectors.Testing.Tests.Broken;
using CallCrm.Connectors.Testing.Tests.InMemory;

namespace CallCrm.Connectors.Testing.Tests;

// The kit can fail: each scenario, run against a source with the matching bug, throws an assertion naming the behaviour.
public class CallSourceScenariosTests
{
    [Test]
    public async Task ResumingFromAnyCheckpoint_SourceSkippingCallsSharingTheTimestamp_Fails()
    {
        await using var harness = new InMemoryCallSourceHarness(cs => new TieSkippingCallSource(new InMemoryCallSource(cs)));
        await ((Func<Task>)(() => CallSourceScenarios.ResumingFromAnyCheckpointYieldsExactlyTheCallsAfterItAsync(harness)))
            .ShouldFailBecauseAsync("yields exactly the items after it");
    }

    [Test]
    public async Task CallsNotYetEndedAreNotFinal_SourceMarkingEveryCallFinal_Fails()
    {
        await using var harness = new InMemoryCallSourceHarness(cs => new AlwaysFinalCallSource(new InMemoryCallSource(cs)));
        await ((Func<Task>)(() => CallSourceScenarios.CallsNotYetEndedAreNotFinalAsync(harness)))
            .ShouldFailBecauseAsync("CallRecord.IsFinal");
    }

    [Test]
    public async Task UntilExcludesCallsAtOrAfterItByTheDeclaredOrdering_SourceIgnoringUntil_Fails()
    {
        await using var harness = new InMemoryCallSourceHarness(cs => new UntilIgnoringCallSource(new InMemoryCallSource(cs)));
        await ((Func<Task>)(() => CallSourceScenarios.UntilExcludesCallsAtOrAfterItByTheDeclaredOrderingAsync(harness)))
            .ShouldFailBecauseAsync("Until is exclusive");
    }

    [Test]
    public async Task CancellationMidRead_SourceClassifyingTheCallersCancellation_Fails()
    {
        await using var harness = new InMemoryCallSourceHarness(cs => new CancellationClassifyingCallSource(new InMemoryCallSource(cs)));
        await ((Func<Task>)(() => CallSourceScenarios.CancellationMidReadStopsWithOperationCanceledExceptionAsync(harness)))
            .ShouldFailBecauseAsync("OperationCanceledException");
    }

    [Test]
    public async Task ServiceUnavailable_SourceLosingTheErrorCode_Fails()
    {
        await using var harness = new InMemoryCallSourceHarness(cs => new UnclassifiedErrorCallSource(new InMemoryCallSource(cs)));
        await ((Func<Task>)(() => CallSourceScenarios.ServiceUnavailableSurfacesAsTransientConnectorExceptionAsync(harness)))
            .ShouldFailBecauseAsync("maps to SERVICE_UNAVAILABLE");
    }

    [Test]
    public async Task UnreachableBackend_SourceLosingTheErrorCode_Fails()
    {
        await using var harness = new InMemoryCallSourceHarness(cs => new UnclassifiedErrorCallSource(new InMemoryCallSource(cs)));
        await ((Func<Task>)(() => CallSourceScenarios.UnreachableBackendSurfacesAsTransientConnectorExceptionAsync(harness)))
            .ShouldFailBecauseAsync("unreachable backend");
    }

    [Test]
    public async Task RejectedCredentials_SourceLosingTheErrorCode_Fails()
    {
        await using var harness = new InMemoryCallSourceHarness(cs => new UnclassifiedErrorCallSource(new InMemoryCallSource(cs)));
        await ((Func<Task>)(() => CallSourceScenarios.RejectedCredentialsSurfaceAsAuthenticationFailedAsync(harness)))
            .ShouldFailBecauseAsync("AUTHENTICATION_FAILED");
    }
}
