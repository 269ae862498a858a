using CallCrm.Connectors.Providers;
using FluentAssertions;

namespace CallCrm.Connectors.Testing;

/// <summary>What every provider declares, checked the same way for sources and sinks.</summary>
internal static class ProviderChecks
{
    // A larger batch than this is no vendor's limit; it would also make the oversized-batch scenario unaffordable.
    public const int LargestSensibleBatch = 10_000;

    public static void ShouldDeclareNameAndValidCapabilities(this IConnectorProvider provider)
    {
        provider.Name.Should().NotBeNullOrWhiteSpace("a provider's name keys its logs, metrics, checkpoints and health checks");
        provider.Capabilities.Should().NotBeNull("the engine adapts to the declared capabilities");
        provider.Capabilities.MaxBatchSize.Should().BeInRange(1, LargestSensibleBatch, "MaxBatchSize is the vendor's batch limit, at least one record");
        provider.Capabilities.MaxConcurrency.Should().BeGreaterThanOrEqualTo(1, "MaxConcurrency is how many writes may be in flight, at least one");
        if (provider.Capabilities.RateLimit is { } limit)
        {
            limit.PermitLimit.Should().BePositive("a declared rate limit allows some requests");
            limit.Window.Should().BePositive("a declared rate limit counts over a window");
        }
    }
}
