using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using CallCrm.Connectors.Diagnostics;

namespace CallCrm.Connectors.Http.Diagnostics;

/// <summary>The package's metrics, on the meter <see cref="CallCrmTelemetry.MeterNames.Http"/>: failures by error type, retries,
/// rate-limiter waits and pauses, and token requests, each tagged with the vendor's system name.</summary>
internal sealed class ConnectorHttpMetrics : IDisposable
{
    private readonly PackageMeter meter;
    private readonly Counter<long> failures;
    private readonly Counter<long> retries;
    private readonly Counter<long> pauses;
    private readonly Histogram<double> permitWait;
    private readonly Counter<long> tokenRequests;

    public ConnectorHttpMetrics(IMeterFactory? meterFactory)
    {
        meter = new PackageMeter(CallCrmTelemetry.MeterNames.Http, meterFactory);
        failures = meter.Meter.CreateCounter<long>("callcrm.http.failures", "{failure}", "Requests that failed, by error.type.");
        retries = meter.Meter.CreateCounter<long>("callcrm.http.retries", "{retry}", "Attempts retried after a transient failure.");
        pauses = meter.Meter.CreateCounter<long>("callcrm.http.rate_limit.pauses", "{pause}", "Pauses of every request that the vendor asked for.");
        permitWait = meter.Meter.CreateHistogram<double>("callcrm.http.rate_limit.wait", "s", "How long requests waited for a rate-limit permit.");
        tokenRequests = meter.Meter.CreateCounter<long>("callcrm.http.token_requests", "{request}", "OAuth token requests, by callcrm.outcome.");
    }

    public void Failure(string system, string errorCode) =>
        failures.Add(1, System(system), new KeyValuePair<string, object?>(CallCrmTelemetry.Attributes.ErrorType, errorCode));

    public void Retry(string system) => retries.Add(1, System(system));

    public void Pause(string system, string reason) =>
        pauses.Add(1, System(system), new KeyValuePair<string, object?>(CallCrmTelemetry.Attributes.RateLimitReason, reason));

    public void PermitWait(string system, TimeSpan waited) => permitWait.Record(waited.TotalSeconds, System(system));

    public void TokenRequest(string system, bool succeeded) =>
        tokenRequests.Add(1, System(system), new KeyValuePair<string, object?>(CallCrmTelemetry.Attributes.Outcome, succeeded ? "success" : "failure"));

    public void Dispose() => meter.Dispose();

    private static KeyValuePair<string, object?> System(string system) => new(CallCrmTelemetry.Attributes.System, system);
}
