using System;
using System.Collections.Generic;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Sync;

/// <summary>Describes a call-log stream: call records from a call system, mapped and cleaned, written to a CRM.</summary>
/// <param name="Name">The stream's name; it keys the stream's checkpoint, ledger, outbox and dead letters, so keep it stable.</param>
/// <param name="Source">The call system to read (an <see cref="ICallSource"/>, or any source of call records).</param>
/// <param name="Sink">The CRM to write (an <see cref="ICrmSink"/>, or any sink of call records).</param>
public sealed record CallLogStreamDefinition(string Name, IRecordSource<CallRecord> Source, IRecordSink<CallRecord> Sink)
{
    /// <summary>Gets the field mappings and cleansing rules applied to each record, in order.</summary>
    public IReadOnlyList<IRecordTransform<CallRecord>> Transforms { get; init; } = [];

    /// <summary>Gets the stream's options.</summary>
    public SyncOptions Options { get; init; } = new();

    /// <summary>Gets how a record is grouped for ordered outbox delivery; by default the customer reference, else the caller's number.</summary>
    public Func<CallRecord, string>? PartitionKey { get; init; }
}
