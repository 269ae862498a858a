using System;
using System.Collections.Generic;
using CallCrm.Connectors.Hosting;
using CallCrm.Connectors.Hosting.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the CallCrm.Connectors health check.</summary>
public static class CallCrmConnectorsHealthChecksBuilderExtensions
{
    /// <summary>Adds a health check of every stream added with <c>AddCallCrmConnectors</c>: sink and source reachability, circuit state,
    /// outbox depth and age, checkpoint lag, against the thresholds in <see cref="CallCrmConnectorsOptions.Health"/>.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status reported when a threshold for Unhealthy is crossed.</param>
    /// <param name="tags">Tags for filtering (for example <c>ready</c>).</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddCallCrmConnectors(this IHealthChecksBuilder builder, string name = "callcrm-connectors", HealthStatus failureStatus = HealthStatus.Unhealthy, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name, sp => new ConnectorHealthCheck(sp.GetRequiredService<ConnectorStreams>()), failureStatus, tags));
    }

    /// <summary>Adds a health check that asks every provider the streams use (those that implement
    /// <see cref="CallCrm.Connectors.Providers.IConnectionCheck"/>: HubSpot, Twilio, the webhook sink) whether it is
    /// reachable and accepts its credentials, with one cheap request each, and reports the friendly message of each
    /// refusal. Separate from <see cref="AddCallCrmConnectors"/> because it spends vendor API requests on every probe:
    /// give it to a readiness or diagnostics endpoint probed now and then, not to a liveness probe every few seconds.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status reported when a provider refuses or cannot be reached.</param>
    /// <param name="tags">Tags for filtering (for example <c>ready</c>).</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddCallCrmConnectorConnections(this IHealthChecksBuilder builder, string name = "callcrm-connections", HealthStatus failureStatus = HealthStatus.Unhealthy, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name, sp => new ConnectionHealthCheck(sp.GetRequiredService<ConnectionChecks>()), failureStatus, tags));
    }
}
