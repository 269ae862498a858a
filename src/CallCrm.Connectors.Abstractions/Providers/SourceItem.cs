using CallCrm.Connectors.Checkpoints;

namespace CallCrm.Connectors.Providers;

/// <summary>One record read from a source with the checkpoint at which a read would resume after it.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Item">The record; whether it is final is the record's own <see cref="Model.ISyncRecord.IsFinal"/>.</param>
/// <param name="Position">The checkpoint just after this record.</param>
public sealed record SourceItem<T>(T Item, Checkpoint Position);
