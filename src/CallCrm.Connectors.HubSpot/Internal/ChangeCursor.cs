using System;
using System.Collections.Generic;
using System.Linq;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.HubSpot.Api;
using NodaTime;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>
/// Puts contacts from a search sorted by <c>lastmodifieddate</c> into checkpoint order whatever order HubSpot returns
/// contacts of one instant in: each group sharing a time is held until a later time arrives (or the results end), then
/// released sorted by id as <see cref="WatermarkCheckpoint"/> compares ids (ordinally), so every position is after the
/// previous one and resuming from any of them yields exactly the rest.
/// </summary>
/// <remarks>
/// HubSpot promises the one sort it takes, but a contact that comes back older than the group being gathered is placed
/// defensively: released at once if it still comes after the last position released; skipped if it is that same
/// change again (same time, an id released at that time); otherwise released with the last position, so positions never
/// go backwards and the change is delivered (possibly twice) rather than lost.
/// </remarks>
internal sealed class ChangeCursor
{
    private readonly Dictionary<string, HubSpotObjectDto> group = new(StringComparer.Ordinal);
    private readonly HashSet<string> releasedAtLast = new(StringComparer.Ordinal);
    private Instant? groupTime;
    private WatermarkCheckpoint last;

    /// <summary>Initializes a new instance of the <see cref="ChangeCursor"/> class.</summary>
    /// <param name="since">The position the read resumes from; the caller leaves out contacts at or before it.</param>
    public ChangeCursor(WatermarkCheckpoint since) => last = since;

    /// <summary>Takes the next contact of the results.</summary>
    /// <param name="contact">The contact.</param>
    /// <param name="modified">Its <c>lastmodifieddate</c>.</param>
    /// <returns>The changes ready to yield now, in order (often none: the contact joined the group).</returns>
    public IReadOnlyList<ReadyChange> Add(HubSpotObjectDto contact, Instant modified)
    {
        if (groupTime == modified)
        {
            // The same contact twice in a group (each search restarts at the group's time, or offset paging over a
            // changing result set) is one change.
            group[contact.Id] = contact;
            return [];
        }

        if (groupTime is null || modified > groupTime)
        {
            var ready = Release();
            groupTime = modified;
            group[contact.Id] = contact;
            return ready;
        }

        return Place(contact, modified) is { } late ? [late] : [];
    }

    /// <summary>Releases the group being gathered: the results have ended.</summary>
    /// <returns>The group's changes, in order.</returns>
    public IReadOnlyList<ReadyChange> Release()
    {
        if (groupTime is not { } time)
        {
            return [];
        }

        var ready = new List<ReadyChange>(group.Count);
        foreach (var contact in group.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            if (Place(contact, time) is { } change)
            {
                ready.Add(change);
            }
        }

        group.Clear();
        groupTime = null;
        return ready;
    }

    /// <summary>Gets the time of the group being gathered (the latest time taken and not yet released).</summary>
    /// <value>The time, or <see langword="null"/> when nothing is being gathered.</value>
    /// <remarks>
    /// A new search starting at this time finds the group again: its contacts already taken are the same changes and
    /// are merged by id (the newer copy kept), so the group is gathered whole whatever order each search returns it in,
    /// and a contact of it edited meanwhile (gone from this time) is still released with the change it was taken at.
    /// </remarks>
    public Instant? Gathering => groupTime;

    private ReadyChange? Place(HubSpotObjectDto contact, Instant modified)
    {
        if (last.IsBefore(modified, contact.Id))
        {
            if (modified != last.Timestamp)
            {
                releasedAtLast.Clear();
            }

            releasedAtLast.Add(contact.Id);
            last = new WatermarkCheckpoint(modified, contact.Id);
            return new ReadyChange(contact, modified, last, OutOfOrder: false);
        }

        if (modified == last.Timestamp && releasedAtLast.Contains(contact.Id))
        {
            return null;
        }

        return new ReadyChange(contact, modified, last, OutOfOrder: true);
    }
}
