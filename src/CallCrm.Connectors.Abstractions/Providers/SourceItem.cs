using CallCrm.Connectors.Checkpoints;

namespace CallCrm.Connectors.Providers;

/// <summary>One item read from a source with the checkpoint at which a read would resume after it.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Item">The item.</param>
/// <param name="Position">The checkpoint just after this item.</param>
/// <param name="IsFinal">Whether the item has reached its final state; the engine never moves a checkpoint past an item that is not final.</param>
public sealed record SourceItem<T>(T Item, Checkpoint Position, bool IsFinal = true);
