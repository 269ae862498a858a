using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace CallCrm.Connectors.Http.Diagnostics;

/// <summary>The package's metrics, on the meter <c>CallCrm.Connectors.Http</c>: failures by error code, retries,
/// rate-limiter waits and pauses, and token requests, each tagged with the vendor's system name.</summary>
internal sealed class ConnectorHttpMetrics : IDisposable
{
    public const string MeterName = "CallCrm.Connectors.Http";
    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Counter<long> failures;
    private readonly Counter<long> retries;
    private readonly Counter<long> pauses;
    private readonly Histogram<double> permitWait;
    private readonly Counter<long> tokenRequests;

    public ConnectorHttpMetrics(IMeterFactory? meterFactory)
    {
        ownsMeter = meterFactory is null;
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        failures = meter.CreateCounter<long>("callcrm.connectors.http.failures", "{failure}", "Requests that failed, by error code.");
        retries = meter.CreateCounter<long>("callcrm.connectors.http.retries", "{retry}", "Attempts retried after a transient failure.");
        pauses = meter.CreateCounter<long>("callcrm.connectors.http.rate_limit.pauses", "{pause}", "Pauses of every request that the vendor asked for.");
        permitWait = meter.CreateHistogram<double>("callcrm.connectors.http.rate_limit.wait", "s", "How long requests waited for a rate-limit permit.");
        tokenRequests = meter.CreateCounter<long>("callcrm.connectors.http.token_requests", "{request}", "OAuth token requests, by outcome.");
    }

    public void Failure(string system, string errorCode) =>
        failures.Add(1, new KeyValuePair<string, object?>("callcrm.system", system), new KeyValuePair<string, object?>("error.code", errorCode));

    public void Retry(string system) => retries.Add(1, new KeyValuePair<string, object?>("callcrm.system", system));

    public void Pause(string system, string reason) =>
        pauses.Add(1, new KeyValuePair<string, object?>("callcrm.system", system), new KeyValuePair<string, object?>("reason", reason));

    public void PermitWait(string system, TimeSpan waited) => permitWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("callcrm.system", system));

    public void TokenRequest(string system, bool succeeded) =>
        tokenRequests.Add(1, new KeyValuePair<string, object?>("callcrm.system", system), new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));

    public void Dispose()
    {
        if (ownsMeter)
        {
            meter.Dispose();
        }
    }
}
