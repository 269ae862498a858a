namespace CallCrm.Connectors.Providers;

/// <summary>The order a source yields records in and what <see cref="ReadRequest.Until"/> and a watermark bound: the one
/// thing the engine must know of a source to resume it without skipping or re-reading for ever.</summary>
/// <remarks>
/// <para>Choose the ordering the vendor's API can filter by. A call system that lists calls by start time (Twilio's
/// <c>StartTime&gt;</c>) is <see cref="StartTime"/>; an API that filters by <c>updated_after</c> or a last-modified date is
/// <see cref="ChangeTime"/>; a change feed with an opaque token (RingCentral's <c>syncToken</c>, change data capture) is
/// <see cref="ChangeCursor"/>.</para>
/// <para>The orderings differ in what happens to a record that is not final (<see cref="Model.ISyncRecord.IsFinal"/>):
/// ordered by start time, its start time never changes, so a later read past it would never see it again; the engine stops
/// the checkpoint just before it for the rest of the run and reads it again in the next run. Ordered by change time or
/// change cursor, its next change (it ends) moves it past the checkpoint by itself, so the engine moves on.</para>
/// </remarks>
public enum SourceOrdering
{
    /// <summary>By start (creation) time, then key: <see cref="ReadRequest.Until"/> bounds the start time, and the
    /// watermark is the start time and key of the last record read.</summary>
    StartTime = 1,

    /// <summary>By change (last-modified) time, then key: <see cref="ReadRequest.Until"/> bounds the change time, and the
    /// watermark is the change time and key of the last record read. A record read in one run that changes again is read
    /// again by a later run.</summary>
    ChangeTime = 2,

    /// <summary>By an opaque change cursor the vendor hands out (<see cref="Checkpoints.CursorCheckpoint"/>), in change-log
    /// order; <see cref="ReadRequest.Until"/> does not apply.</summary>
    ChangeCursor = 3,
}
