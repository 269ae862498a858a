using System;
using System.Collections.Generic;

namespace CallCrm.Connectors.Hosting;

/// <summary>The streams the host runs and its health thresholds, bound from <c>CallCrm</c> or set with <see cref="CallCrmConnectorsBuilder"/>.</summary>
public sealed class CallCrmConnectorsOptions
{
    /// <summary>Gets the streams by name. The name keys the stream's checkpoint, ledger, outbox and dead letters: do not rename a stream in production.</summary>
    /// <value>The default value is no streams.</value>
    public IDictionary<string, ConnectorStreamOptions> Streams { get; } = new Dictionary<string, ConnectorStreamOptions>(StringComparer.Ordinal);

    /// <summary>Gets or sets whether the hosted service runs the enabled streams continuously. Turn it off to drive the streams
    /// yourself through <see cref="ConnectorStreams"/> (a scheduled job, a console tool).</summary>
    /// <remarks>Several instances sharing a state store that implements <see cref="State.IStreamLeaseProvider"/> (the PostgreSQL store)
    /// may all keep it on: each run takes the stream's lease, so one instance at a time runs a stream.</remarks>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RunStreams { get; set; } = true;

    /// <summary>Gets the health-check thresholds.</summary>
    /// <value>The default value is the defaults of <see cref="ConnectorHealthOptions"/>.</value>
    public ConnectorHealthOptions Health { get; } = new();
}
