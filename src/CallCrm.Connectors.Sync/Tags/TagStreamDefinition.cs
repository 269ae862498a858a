using System;
using System.Collections.Generic;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Sync.Tags;

/// <summary>Describes a tag stream: customer tags read from a CRM, merged by ownership rules, pushed to a call system.</summary>
/// <param name="Name">The stream's name; it keys the stream's checkpoint, ledger and dead letters, so keep it stable.</param>
/// <param name="Source">The CRM to read customer changes from.</param>
/// <param name="Sink">The call system to push tags to; its name is the target in tag history.</param>
public sealed record TagStreamDefinition(string Name, IRecordSource<CustomerChange> Source, IRecordSink<CustomerTagUpdate> Sink)
{
    /// <summary>Gets the stream's options (batching, look-back, polling, resilience).</summary>
    public SyncOptions Options { get; init; } = new();

    /// <summary>Gets who owns each tag.</summary>
    public TagOwnershipOptions Ownership { get; init; } = new();

    /// <summary>Gets the identity the SDK writes to the CRM under; a change whose <see cref="CustomerChange.ChangedBy"/> equals it is the SDK's own write coming back and is not echoed.</summary>
    public string? EngineIdentity { get; init; }

    /// <summary>Gets how a finished call becomes tags (for example <c>last-call=no-answer</c>), or <see langword="null"/> to carry no call outcomes.</summary>
    /// <remarks>Outcome tags are merged under the ownership rules; give them <see cref="TagOwner.CallSystem"/> or <see cref="TagOwner.LastWriterWins"/> owners, or CRM ownership discards them.</remarks>
    public Func<CallRecord, IReadOnlyList<CustomerTag>>? CallOutcomeTags { get; init; }

    /// <summary>Gets where call outcomes are written back into the CRM as tags, or <see langword="null"/> to carry them to the call system only.</summary>
    /// <remarks>When set, <see cref="TagSync.ApplyCallOutcomeAsync"/> writes the customer's merged tag set (the version it records) into the
    /// CRM too, after the call system's side is committed. It first reads the CRM's changes since the stream's checkpoint and applies
    /// the customer's latest one, so the whole set written keeps every CRM edit reported so far; when that read fails nothing is
    /// written into the CRM. The CRM reports that write back as a change; it is not echoed, because the
    /// merged tags equal the latest version (or because it carries <see cref="EngineIdentity"/>).</remarks>
    public IRecordSink<CustomerTagUpdate>? CrmTagSink { get; init; }
}
