using System;
using System.Collections.Generic;
using CallCrm.Connectors.Mapping;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.Sync.Tags;

namespace CallCrm.Connectors.Hosting;

/// <summary>One stream of the host: which registered source feeds which registered sink, and how. Bindable from configuration
/// (<c>CallCrm:Streams:&lt;name&gt;</c>); the delegates and transforms can only be set in code.</summary>
public sealed class ConnectorStreamOptions
{
    /// <summary>Gets or sets what the stream moves.</summary>
    /// <value>The default value is <see cref="ConnectorStreamKind.CallLog"/>.</value>
    public ConnectorStreamKind Kind { get; set; }

    /// <summary>Gets or sets the name of the source, as its provider registered it (for example <c>twilio</c> or <c>hubspot</c>).</summary>
    /// <value>The default value is <see langword="null"/>; required.</value>
    public string? Source { get; set; }

    /// <summary>Gets or sets the name of the sink, as its provider registered it (for example <c>hubspot</c> or <c>webhook</c>).</summary>
    /// <value>The default value is <see langword="null"/>; required.</value>
    public string? Sink { get; set; }

    /// <summary>Gets or sets whether the hosted service runs the stream. A disabled stream is still created, so it can be run by hand.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets the engine options of the stream (batching, poll interval, look-back, resilience).</summary>
    /// <value>The default value is the engine's defaults.</value>
    public SyncOptions Sync { get; } = new();

    /// <summary>Gets or sets the CRM user the SDK writes as, so its own changes are not echoed (tag streams only).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? EngineIdentity { get; set; }

    /// <summary>Gets which side owns each tag (tag streams only).</summary>
    /// <value>The default value is: the CRM owns every tag.</value>
    public TagOwnershipOptions Ownership { get; } = new();

    /// <summary>Gets the cleansing rules of the call records' custom fields (call-log streams only), bindable from
    /// <c>CallCrm:Streams:&lt;name&gt;:Cleansing</c>; they run before <see cref="Transforms"/>, and a record with a field they
    /// refuse goes to dead letters.</summary>
    /// <value>The default value is no rule: custom fields are sent as read.</value>
    public FieldCleansingOptions Cleansing { get; } = new();

    /// <summary>Gets the transforms applied to each call record before delivery (call-log streams only; code only).</summary>
    /// <value>The default value is an empty list.</value>
    public IList<IRecordTransform<CallRecord>> Transforms { get; } = new List<IRecordTransform<CallRecord>>();

    /// <summary>Gets or sets how call records are partitioned in the outbox (call-log streams only; code only).</summary>
    /// <value>The default value is <see langword="null"/>: by customer reference, else a hash of the caller's number.</value>
    public Func<CallRecord, string>? PartitionKey { get; set; }

    /// <summary>Gets or sets the tags a finished call sets on its customer (tag streams only; code only).</summary>
    /// <value>The default value is <see langword="null"/>: none.</value>
    public Func<CallRecord, IReadOnlyList<CustomerTag>>? CallOutcomeTags { get; set; }
}
