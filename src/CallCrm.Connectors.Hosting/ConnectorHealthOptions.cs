using System;

namespace CallCrm.Connectors.Hosting;

/// <summary>Thresholds of the <c>callcrm-connectors</c> health check (<c>CallCrm:Health</c>). A value at or above a
/// <c>Degraded</c> threshold reports <c>Degraded</c>; at or above an <c>Unhealthy</c> threshold, <c>Unhealthy</c>.</summary>
public sealed class ConnectorHealthOptions
{
    /// <summary>Gets or sets the outbox depth (records waiting for a sink) that makes a stream degraded.</summary>
    /// <value>The default value is 1: any buffered record.</value>
    public long OutboxDepthDegraded { get; set; } = 1;

    /// <summary>Gets or sets the outbox depth that makes a stream unhealthy.</summary>
    /// <value>The default value is 10,000.</value>
    public long OutboxDepthUnhealthy { get; set; } = 10_000;

    /// <summary>Gets or sets how long the oldest buffered record may wait before the stream is degraded.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan OutboxAgeDegraded { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long the oldest buffered record may wait before the stream is unhealthy.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan OutboxAgeUnhealthy { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how far the checkpoint may trail the clock before the stream is degraded.</summary>
    /// <value>The default value is 15 minutes.</value>
    public TimeSpan CheckpointLagDegraded { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets how far the checkpoint may trail the clock before the stream is unhealthy.</summary>
    /// <value>The default value is 2 hours.</value>
    public TimeSpan CheckpointLagUnhealthy { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Gets or sets how many runs in a row may fail (source or sink unreachable, authentication refused) before the stream is unhealthy; one failed run is degraded.</summary>
    /// <value>The default value is 3.</value>
    public int ConsecutiveFailuresUnhealthy { get; set; } = 3;
}
