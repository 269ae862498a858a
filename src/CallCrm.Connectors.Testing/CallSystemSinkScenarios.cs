using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using FluentAssertions;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance scenarios of an <see cref="ICallSystemSink"/>, callable from any test framework.</summary>
/// <remarks><see cref="CallSystemSinkConformanceTests"/> runs each of them as an NUnit test.</remarks>
public static class CallSystemSinkScenarios
{
    private const int Customers = 3;

    /// <summary>The sink declares a name and valid capabilities.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task DeclaresANameAndValidCapabilitiesAsync(CallSystemSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var provider = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        provider.ShouldDeclareName();
        provider.Capabilities.ShouldDeclareValidCapabilities();
    }

    /// <summary>Pushing tag updates returns one <see cref="RecordOutcomeKind.Written"/> outcome per update, in batch order,
    /// and the call system then holds each customer's tag set.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task PushingABatchReturnsOneWrittenOutcomePerUpdateInOrderAsync(CallSystemSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var updates = ConformanceData.TagUpdates(Customers);

        var outcomes = await PushAsync(sink, updates, cancellationToken).ConfigureAwait(false);

        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written, "new tag sets are written");
        await ShouldHoldAsync(harness, updates, "after a first push", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pushing the same updates again is not a failure and leaves each customer's tag set as it was (not doubled).</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task ReplayingABatchLeavesTheTagsAsTheyAreAsync(CallSystemSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var updates = ConformanceData.TagUpdates(Customers);
        await PushAsync(sink, updates, cancellationToken).ConfigureAwait(false);

        var replay = await PushAsync(sink, updates, cancellationToken).ConfigureAwait(false);

        replay.ShouldAllBeWrittenOrUnchanged("a replayed tag update is not a failure");
        await ShouldHoldAsync(harness, updates, "after a replay", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A newer version of a customer's tags replaces the whole set: tags it no longer has are removed.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task ANewerVersionReplacesTheWholeTagSetAsync(CallSystemSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        await PushAsync(sink, ConformanceData.TagUpdates(Customers, version: 1), cancellationToken).ConfigureAwait(false);
        var newer = ConformanceData.TagUpdates(Customers, version: 2);

        var outcomes = await PushAsync(sink, newer, cancellationToken).ConfigureAwait(false);

        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written, "a newer tag set differs from what the call system holds");
        await ShouldHoldAsync(harness, newer, "after a newer version (an update carries the whole set, not a delta)", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A push to a call system answering 5xx fails transiently, and the same sink pushes once the call system is back.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task ServiceUnavailableFailsTransientlyAndRecoversAsync(CallSystemSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        await harness.SetFaultAsync(BackendFault.ServiceUnavailable, cancellationToken).ConfigureAwait(false);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var updates = ConformanceData.TagUpdates(Math.Min(Customers, sink.Capabilities.MaxBatchSize));

        await SinkChecks.ShouldFailTransientlyAsync(
            async () => await sink.WriteAsync(updates, cancellationToken).ConfigureAwait(false),
            updates.Select(u => u.Key).ToList()).ConfigureAwait(false);

        await harness.SetFaultAsync(BackendFault.None, cancellationToken).ConfigureAwait(false);
        (await PushAsync(sink, updates, cancellationToken).ConfigureAwait(false)).ShouldAllBeWrittenOrUnchanged("the call system is back");
        await ShouldHoldAsync(harness, updates, "after the call system came back", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A push to an unreachable call system throws a transient <see cref="Errors.ConnectorException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task UnreachableBackendThrowsTransientConnectorExceptionAsync(CallSystemSinkHarness harness, CancellationToken cancellationToken = default) =>
        ThrowsForFaultAsync(harness, BackendFault.Unreachable, cancellationToken);

    /// <summary>A push with refused credentials throws a permanent <c>AUTHENTICATION_FAILED</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task RejectedCredentialsThrowAuthenticationFailedAsync(CallSystemSinkHarness harness, CancellationToken cancellationToken = default) =>
        ThrowsForFaultAsync(harness, BackendFault.CredentialsRejected, cancellationToken);

    /// <summary>A push with a cancelled token throws <see cref="OperationCanceledException"/> and pushes nothing.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task CancelledPushThrowsOperationCanceledExceptionAndPushesNothingAsync(CallSystemSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var updates = ConformanceData.TagUpdates(Math.Min(Customers, sink.Capabilities.MaxBatchSize));

        await SinkChecks.ShouldBeCancelledAsync(async token => await sink.WriteAsync(updates, token).ConfigureAwait(false), "a push").ConfigureAwait(false);

        foreach (var update in updates)
        {
            (await harness.GetTagsAsync(update.CustomerId, cancellationToken).ConfigureAwait(false))
                .Should().BeNull("a cancelled push pushes nothing, yet the call system holds tags of customer {0}", update.CustomerId);
        }
    }

    private static async Task ThrowsForFaultAsync(CallSystemSinkHarness harness, BackendFault fault, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(harness);
        await harness.SetFaultAsync(fault, cancellationToken).ConfigureAwait(false);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var updates = ConformanceData.TagUpdates(Math.Min(Customers, sink.Capabilities.MaxBatchSize));

        Func<Task> push = async () => await sink.WriteAsync(updates, cancellationToken).ConfigureAwait(false);

        await push.ShouldThrowForAsync(fault, "a push").ConfigureAwait(false);
    }

    private static Task<List<RecordOutcome>> PushAsync(ICallSystemSink sink, IReadOnlyList<CustomerTagUpdate> updates, CancellationToken cancellationToken) =>
        SinkChecks.WriteInBatchesAsync(sink, updates, cancellationToken);

    private static async Task ShouldHoldAsync(CallSystemSinkHarness harness, IEnumerable<CustomerTagUpdate> updates, string when, CancellationToken cancellationToken)
    {
        foreach (var update in updates)
        {
            var held = await harness.GetTagsAsync(update.CustomerId, cancellationToken).ConfigureAwait(false);
            held.Should().NotBeNull("the call system holds tags of customer {0} {1}", update.CustomerId, when);
            held.Should().BeEquivalentTo(update.Tags, "the call system holds exactly the pushed tag set of customer {0}, each tag once, {1}", update.CustomerId, when);
        }
    }
}
