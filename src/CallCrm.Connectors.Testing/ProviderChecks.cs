using System;
using CallCrm.Connectors.Providers;
using FluentAssertions;

namespace CallCrm.Connectors.Testing;

/// <summary>What every provider declares, checked the same way for every record kind.</summary>
internal static class ProviderChecks
{
    // A larger batch than this is no vendor's limit; it would also make the oversized-batch scenario unaffordable.
    public const int LargestSensibleBatch = 10_000;

    public static void ShouldDeclareName(this IConnectorProvider provider) =>
        provider.Name.Should().NotBeNullOrWhiteSpace("a provider's name keys its logs, metrics, checkpoints and health checks");

    public static void ShouldDeclareValidCapabilities(this SinkCapabilities capabilities)
    {
        capabilities.Should().NotBeNull("the engine adapts to the declared capabilities");
        capabilities.MaxBatchSize.Should().BeInRange(1, LargestSensibleBatch, "MaxBatchSize is the vendor's batch limit, at least one record");
        capabilities.MaxConcurrency.Should().BeGreaterThanOrEqualTo(1, "MaxConcurrency is how many writes may be in flight, at least one");
        if (capabilities.RequestTimeout is { } timeout)
        {
            timeout.Should().BePositive("a declared request timeout is how long one write may take");
        }
    }

    public static void ShouldDeclareValidCapabilities(this SourceCapabilities capabilities)
    {
        capabilities.Should().NotBeNull("the engine adapts to the declared capabilities");
        Enum.IsDefined(capabilities.Ordering).Should().BeTrue("the engine resumes a source by its declared ordering (StartTime, ChangeTime or ChangeCursor), not {0}", capabilities.Ordering);
    }
}
