using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCrm.Connectors.Hosting.Health;

/// <summary>Reports whether every provider the streams use is reachable and accepts its credentials (one request each,
/// on every probe); the description holds the friendly message of each refusal, the data one entry per provider.</summary>
internal sealed class ConnectionHealthCheck(ConnectionChecks checks) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = await checks.RunAsync(cancellationToken).ConfigureAwait(false);
        var data = results.ToDictionary(r => r.Role + ":" + r.Provider, r => (object)(r.Error?.Code.Value ?? "ok"), StringComparer.Ordinal);
        var failures = results.Where(r => r.Error is not null).Select(r => $"{r.Role} {r.Provider}: {r.Error!.GetUserMessage()}").ToList();
        return failures.Count == 0
            ? HealthCheckResult.Healthy(results.Count + " provider(s) connected.", data)
            : new HealthCheckResult(context.Registration.FailureStatus, string.Join(" ", failures), data: data);
    }
}
