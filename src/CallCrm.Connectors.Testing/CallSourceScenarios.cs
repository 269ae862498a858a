using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using FluentAssertions;
using NodaTime;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance scenarios of an <see cref="ICallSource"/>, callable from any test framework.</summary>
/// <remarks><see cref="CallSourceConformanceTests"/> runs each of them as an NUnit test. A failed scenario throws the
/// test framework's assertion exception with a message that says which behaviour was broken.</remarks>
public static class CallSourceScenarios
{
    /// <summary>The source declares a name and valid capabilities.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task DeclaresANameAndValidCapabilitiesAsync(CallSourceHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var provider = await harness.CreateSourceAsync(cancellationToken).ConfigureAwait(false);
        provider.ShouldDeclareName();
        provider.Capabilities.ShouldDeclareValidCapabilities();
    }

    /// <summary>A read from the start, paged to the end, yields every seeded call exactly once.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task ReadToTheEndYieldsEverySeededCallOnceAsync(CallSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.ReadsEverySeededItemOnceAsync(new Adapter(harness), cancellationToken);

    /// <summary>Resuming from the checkpoint of any call (stored and read back) yields exactly the calls after it,
    /// also among calls sharing one start time across a page boundary.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task ResumingFromAnyCheckpointYieldsExactlyTheCallsAfterItAsync(CallSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.ResumesAfterEveryItemAsync(new Adapter(harness), cancellationToken);

    /// <summary>Positions are cursors for a source ordered by <see cref="SourceOrdering.ChangeCursor"/> and
    /// otherwise watermarks that never go back.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task PositionsMatchTheDeclaredKindAndNeverGoBackAsync(CallSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.PositionsMatchDeclaredKindAndNeverGoBackAsync(new Adapter(harness), cancellationToken);

    /// <summary>A read from an empty backend yields nothing.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task EmptyBackendYieldsNothingAsync(CallSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.ReadsNothingFromAnEmptyBackendAsync(new Adapter(harness), cancellationToken);

    /// <summary>A read with <see cref="ReadRequest.Until"/> yields the calls whose time in the declared <see cref="SourceOrdering"/> (start time, or change time from <see cref="CallSourceHarness.TimeOf"/>) is before it and none at or after it; a source ordered by change cursor is not bound.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task UntilExcludesCallsAtOrAfterItByTheDeclaredOrderingAsync(CallSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.HonoursUntilAsync(new Adapter(harness), cancellationToken);

    /// <summary>Calls that have not ended are yielded as not final (item and record); ended calls as final.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task CallsNotYetEndedAreNotFinalAsync(CallSourceHarness harness, CancellationToken cancellationToken = default)
    {
        var adapter = new Adapter(harness);
        var seeds = adapter.CreateSeeds();
        var keys = await harness.SeedAsync(seeds, cancellationToken).ConfigureAwait(false);
        var finalByKey = keys.Select((key, i) => (key, seeds[i].IsFinal)).ToDictionary(p => p.key, p => p.IsFinal, StringComparer.Ordinal);
        var source = await harness.CreateSourceAsync(cancellationToken).ConfigureAwait(false);

        var read = await IncrementalReadChecks.ReadAllAsync(adapter, source, new ReadRequest(null, PageSize: harness.PageSize), cancellationToken).ConfigureAwait(false);

        read.Should().HaveCount(seeds.Count, "every seeded call is read");
        foreach (var item in read)
        {
            var final = finalByKey[item.Item.Key];
            item.Item.IsFinal.Should().Be(final, "CallRecord.IsFinal of call {0} says whether it has ended, so the engine reads its final state again", item.Item.Key);
        }
    }

    /// <summary>Cancelling a read after its first call stops it before the next with an <see cref="OperationCanceledException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task CancellationMidReadStopsWithOperationCanceledExceptionAsync(CallSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.StopsWhenCancelledMidReadAsync(new Adapter(harness), cancellationToken);

    /// <summary>A read from a backend answering 5xx fails with a transient <c>SERVICE_UNAVAILABLE</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task ServiceUnavailableSurfacesAsTransientConnectorExceptionAsync(CallSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.ReportsFaultAsync(new Adapter(harness), BackendFault.ServiceUnavailable, cancellationToken);

    /// <summary>A read from an unreachable backend fails with a transient <see cref="Errors.ConnectorException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task UnreachableBackendSurfacesAsTransientConnectorExceptionAsync(CallSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.ReportsFaultAsync(new Adapter(harness), BackendFault.Unreachable, cancellationToken);

    /// <summary>A read with refused credentials fails with a permanent <c>AUTHENTICATION_FAILED</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task RejectedCredentialsSurfaceAsAuthenticationFailedAsync(CallSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.ReportsFaultAsync(new Adapter(harness), BackendFault.CredentialsRejected, cancellationToken);

    private sealed class Adapter(CallSourceHarness harness) : SourceAdapter<CallRecord, CallRecord>
    {
        private readonly CallSourceHarness harness = harness ?? throw new ArgumentNullException(nameof(harness));

        public override ProviderHarness Harness => harness;

        public override int PageSize => harness.PageSize;

        public override string Noun => "call";

        public override IReadOnlyList<CallRecord> CreateSeeds() => ConformanceData.CallsToSeed(harness.PageSize);

        public override ValueTask<IReadOnlyList<string>> SeedAsync(IReadOnlyList<CallRecord> seeds, CancellationToken cancellationToken) =>
            harness.SeedAsync(seeds, cancellationToken);

        public override async ValueTask<IRecordSource<CallRecord>> CreateAsync(CancellationToken cancellationToken) =>
            await harness.CreateSourceAsync(cancellationToken).ConfigureAwait(false);

        public override Instant TimeOf(CallRecord seed, SourceOrdering ordering) => harness.TimeOf(seed, ordering);
    }
}
