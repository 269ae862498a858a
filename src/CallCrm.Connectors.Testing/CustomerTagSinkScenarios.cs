using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using FluentAssertions;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance scenarios only a sink of customers' tag sets has, on top of <see cref="RecordSinkScenarios"/>;
/// callable from any test framework.</summary>
/// <remarks><see cref="CallSystemSinkConformanceTests"/> runs each of them as an NUnit test.</remarks>
public static class CustomerTagSinkScenarios
{
    private const int Customers = 3;

    /// <summary>A newer version of a customer's tags replaces the whole set: tags it no longer has are removed.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task ANewerVersionReplacesTheWholeTagSetAsync(RecordSinkHarness<CustomerTagUpdate> harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var updates = harness.CreateRecords(Customers);
        (await SinkChecks.WriteInBatchesAsync(sink, updates, cancellationToken).ConfigureAwait(false))
            .Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written, "new tag sets are written");
        var newer = updates.Select(harness.Changed).ToList();

        var outcomes = await SinkChecks.WriteInBatchesAsync(sink, newer, cancellationToken).ConfigureAwait(false);

        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written, "a newer tag set differs from what the target holds");
        foreach (var update in newer)
        {
            (await harness.HoldsAsync(update, cancellationToken).ConfigureAwait(false))
                .Should().BeTrue("the target holds exactly the newer tag set of customer {0} (an update carries the whole set, not a delta)", update.CustomerId);
        }
    }
}
