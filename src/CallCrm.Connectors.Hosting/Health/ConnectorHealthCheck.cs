using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Sync.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCrm.Connectors.Hosting.Health;

/// <summary>
/// Reports every stream: its sink reachable (circuit closed), its source and sink reachable (the latest runs succeeded),
/// outbox depth and age, and checkpoint lag, against <see cref="ConnectorHealthOptions"/>. The worst stream decides the status;
/// the data holds one entry per stream and fact, so a dashboard can show which.
/// </summary>
internal sealed class ConnectorHealthCheck(ConnectorStreams streams) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await streams.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var thresholds = streams.Options.Health;
        var worst = HealthStatus.Healthy;
        var reasons = new List<string>();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var health in await streams.GetHealthAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = health.Stream;
            data[name + ".circuit"] = health.Circuit.ToString();
            data[name + ".outbox_depth"] = health.OutboxDepth;
            data[name + ".dead_letters"] = health.DeadLetters;
            if (health.OutboxAge is { } age)
            {
                data[name + ".outbox_age_seconds"] = age.TotalSeconds;
            }

            if (health.CheckpointLag is { } lag)
            {
                data[name + ".checkpoint_lag_seconds"] = lag.TotalSeconds;
            }

            var status = streams.GetStatus(name);
            data[name + ".consecutive_failures"] = status.ConsecutiveFailures;

            Judge(ref worst, reasons, name, health.Circuit switch
            {
                CircuitStatus.Closed => HealthStatus.Healthy,
                CircuitStatus.Isolated => HealthStatus.Unhealthy,
                _ => HealthStatus.Degraded,
            }, $"the sink is unreachable (circuit {health.Circuit}); records are buffered in the outbox");
            if (status.ConsecutiveFailures > 0)
            {
                Judge(ref worst, reasons, name, status.ConsecutiveFailures >= thresholds.ConsecutiveFailuresUnhealthy ? HealthStatus.Unhealthy : HealthStatus.Degraded,
                    $"{status.ConsecutiveFailures} run(s) in a row failed ({status.LastFailure?.Code.Value}{(status.LastFailure?.SystemName is { } system ? " from " + system : string.Empty)})");
            }

            Judge(ref worst, reasons, name, Grade(health.OutboxDepth, thresholds.OutboxDepthDegraded, thresholds.OutboxDepthUnhealthy),
                string.Create(CultureInfo.InvariantCulture, $"{health.OutboxDepth} record(s) wait in the outbox"));
            if (health.OutboxAge is { } outboxAge)
            {
                Judge(ref worst, reasons, name, Grade(outboxAge, thresholds.OutboxAgeDegraded, thresholds.OutboxAgeUnhealthy),
                    string.Create(CultureInfo.InvariantCulture, $"the oldest buffered record has waited {outboxAge:g}"));
            }

            if (health.CheckpointLag is { } checkpointLag)
            {
                Judge(ref worst, reasons, name, Grade(checkpointLag, thresholds.CheckpointLagDegraded, thresholds.CheckpointLagUnhealthy),
                    string.Create(CultureInfo.InvariantCulture, $"the checkpoint trails the clock by {checkpointLag:g}"));
            }
        }

        var description = reasons.Count == 0 ? "Every stream is healthy." : string.Join(" ", reasons);
        return new HealthCheckResult(worst == HealthStatus.Healthy ? HealthStatus.Healthy : MinStatus(worst, context.Registration.FailureStatus), description, data: data);
    }

    private static HealthStatus Grade<T>(T value, T degraded, T unhealthy)
        where T : IComparable<T> =>
        value.CompareTo(unhealthy) >= 0 ? HealthStatus.Unhealthy : value.CompareTo(degraded) >= 0 ? HealthStatus.Degraded : HealthStatus.Healthy;

    private static void Judge(ref HealthStatus worst, List<string> reasons, string stream, HealthStatus status, string reason)
    {
        if (status == HealthStatus.Healthy)
        {
            return;
        }

        reasons.Add($"Stream '{stream}' {status}: {reason}.");
        worst = status < worst ? status : worst;
    }

    // The registration's failure status caps how bad an unhealthy result is reported (as for every health check).
    private static HealthStatus MinStatus(HealthStatus status, HealthStatus failureStatus) =>
        status == HealthStatus.Unhealthy ? failureStatus : status;
}
