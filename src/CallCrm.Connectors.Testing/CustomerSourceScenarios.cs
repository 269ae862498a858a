using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using NodaTime;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance scenarios of an <see cref="ICustomerSource"/>, callable from any test framework.</summary>
/// <remarks><see cref="CustomerSourceConformanceTests"/> runs each of them as an NUnit test.</remarks>
public static class CustomerSourceScenarios
{
    /// <summary>The source declares a name and valid capabilities.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task DeclaresANameAndValidCapabilitiesAsync(CustomerSourceHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var provider = await harness.CreateSourceAsync(cancellationToken).ConfigureAwait(false);
        provider.ShouldDeclareName();
        provider.Capabilities.ShouldDeclareValidCapabilities();
    }

    /// <summary>A read from the start, paged to the end, yields a change of every seeded customer exactly once.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task ReadToTheEndYieldsEverySeededCustomerOnceAsync(CustomerSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.ReadsEverySeededItemOnceAsync(new Adapter(harness), cancellationToken);

    /// <summary>Resuming from the checkpoint of any change (stored and read back) yields exactly the changes after it,
    /// also among changes sharing one time across a page boundary.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task ResumingFromAnyCheckpointYieldsExactlyTheChangesAfterItAsync(CustomerSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.ResumesAfterEveryItemAsync(new Adapter(harness), cancellationToken);

    /// <summary>Positions are cursors for a source ordered by <see cref="SourceOrdering.ChangeCursor"/> and
    /// otherwise watermarks that never go back.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task PositionsMatchTheDeclaredKindAndNeverGoBackAsync(CustomerSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.PositionsMatchDeclaredKindAndNeverGoBackAsync(new Adapter(harness), cancellationToken);

    /// <summary>A read from an empty backend yields nothing.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task EmptyBackendYieldsNothingAsync(CustomerSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.ReadsNothingFromAnEmptyBackendAsync(new Adapter(harness), cancellationToken);

    /// <summary>A read with <see cref="ReadRequest.Until"/> yields the changes made before it and none at or after it.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task UntilExcludesChangesMadeAtOrAfterItAsync(CustomerSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.HonoursUntilAsync(new Adapter(harness), cancellationToken);

    /// <summary>Cancelling a read after its first change stops it before the next with an <see cref="OperationCanceledException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task CancellationMidReadStopsWithOperationCanceledExceptionAsync(CustomerSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.StopsWhenCancelledMidReadAsync(new Adapter(harness), cancellationToken);

    /// <summary>A read from a backend answering 5xx fails with a transient <c>SERVICE_UNAVAILABLE</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task ServiceUnavailableSurfacesAsTransientConnectorExceptionAsync(CustomerSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.ReportsFaultAsync(new Adapter(harness), BackendFault.ServiceUnavailable, cancellationToken);

    /// <summary>A read from an unreachable backend fails with a transient <see cref="Errors.ConnectorException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task UnreachableBackendSurfacesAsTransientConnectorExceptionAsync(CustomerSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.ReportsFaultAsync(new Adapter(harness), BackendFault.Unreachable, cancellationToken);

    /// <summary>A read with refused credentials fails with a permanent <c>AUTHENTICATION_FAILED</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task RejectedCredentialsSurfaceAsAuthenticationFailedAsync(CustomerSourceHarness harness, CancellationToken cancellationToken = default) =>
        IncrementalReadChecks.ReportsFaultAsync(new Adapter(harness), BackendFault.CredentialsRejected, cancellationToken);

    private sealed class Adapter(CustomerSourceHarness harness) : SourceAdapter<CustomerProfile, CustomerChange>
    {
        private readonly CustomerSourceHarness harness = harness ?? throw new ArgumentNullException(nameof(harness));

        public override ProviderHarness Harness => harness;

        public override int PageSize => harness.PageSize;

        public override string Noun => "customer change";

        public override IReadOnlyList<CustomerProfile> CreateSeeds() => ConformanceData.CustomersToSeed(harness.PageSize);

        public override ValueTask<IReadOnlyList<string>> SeedAsync(IReadOnlyList<CustomerProfile> seeds, CancellationToken cancellationToken) =>
            harness.SeedAsync(seeds, cancellationToken);

        public override async ValueTask<IRecordSource<CustomerChange>> CreateAsync(CancellationToken cancellationToken) =>
            await harness.CreateSourceAsync(cancellationToken).ConfigureAwait(false);

        // A customer's only time is when it last changed; the seed's ModifiedAt is always set by ConformanceData.
        public override Instant TimeOf(CustomerProfile seed, SourceOrdering ordering) => seed.ModifiedAt.GetValueOrDefault();
    }
}
