using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CallCrm.Connectors.VendorSimulator.HubSpot;

/// <summary>
/// The CRM's records and associations. Not locked per call: callers hold <see cref="Gate"/> for a whole operation,
/// so that a batch is applied (or refused) atomically, as HubSpot's batch endpoints are.
/// </summary>
internal sealed class HubSpotStore
{
    private readonly Dictionary<string, SortedDictionary<long, HubSpotObject>> objects = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, long Id), Dictionary<string, SortedDictionary<long, int>>> associations = [];
    private readonly Dictionary<string, long> nextId = new(StringComparer.Ordinal);

    // Calls by source call id: the unique-property check runs for every call written, so a scan would make a large
    // load test quadratic. Kept by Add and Touch (every change of a stored record ends with Touch).
    private readonly Dictionary<string, SortedSet<long>> callsBySourceId = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> sourceIdOfCall = [];

    public HubSpotStore() => Clear();

    public object Gate { get; } = new();

    public void Clear()
    {
        objects.Clear();
        associations.Clear();
        callsBySourceId.Clear();
        sourceIdOfCall.Clear();
        nextId.Clear();
        foreach (var (type, first) in new[] { (HubSpotObjectTypes.Contacts, 1001L), (HubSpotObjectTypes.Calls, 50_000_001L), (HubSpotObjectTypes.Tickets, 9_000_001L) })
        {
            objects[type] = [];
            nextId[type] = first;
        }
    }

    public IEnumerable<HubSpotObject> All(string type) => objects[type].Values;

    public int Count(string type) => objects[type].Count;

    public HubSpotObject? Get(string type, long id) => objects[type].GetValueOrDefault(id);

    public HubSpotObject? Get(string type, string id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? Get(type, value) : null;

    /// <summary>Finds the records whose <paramref name="property"/> equals <paramref name="value"/> (ordinal).</summary>
    public IEnumerable<HubSpotObject> FindBy(string type, string property, string value) =>
        type == HubSpotObjectTypes.Calls && property == HubSpotObjectTypes.SourceCallIdProperty
            ? (callsBySourceId.TryGetValue(value, out var ids) ? ids.Select(id => objects[type][id]).ToList() : [])
            : objects[type].Values.Where(o => o.Properties.TryGetValue(property, out var v) && string.Equals(v, value, StringComparison.Ordinal));

    public HubSpotObject Add(string type, Dictionary<string, string?> properties, DateTimeOffset createdAt)
    {
        var id = nextId[type]++;
        var idText = id.ToString(CultureInfo.InvariantCulture);
        var stamp = HubSpotFormats.Date(createdAt);
        properties["hs_object_id"] = idText;
        properties[HubSpotObjectTypes.CreatedProperty(type)] = stamp;
        properties[HubSpotObjectTypes.LastModifiedProperty(type)] = stamp;
        var record = new HubSpotObject { Id = id, ObjectType = type, Properties = properties, CreatedAt = createdAt, UpdatedAt = createdAt };
        objects[type].Add(id, record);
        IndexSourceId(record);
        return record;
    }

    /// <summary>Adds a ticket in the default pipeline, associated with <paramref name="contact"/> (contact → ticket, type 15), as
    /// an agent opening a ticket for a customer in HubSpot would.</summary>
    public HubSpotObject AddTicket(HubSpotObject contact, string subject, string content, string stage, string priority, DateTimeOffset createdAt)
    {
        var ticket = Add(HubSpotObjectTypes.Tickets, new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["subject"] = subject,
            ["content"] = content,
            ["hs_pipeline"] = "0",
            ["hs_pipeline_stage"] = stage,
            ["hs_ticket_priority"] = priority,
            ["hs_ticket_category"] = null,
        }, createdAt);
        Associate(HubSpotObjectTypes.Contacts, contact.Id, HubSpotObjectTypes.Tickets, ticket.Id, 15);
        return ticket;
    }

    public void Touch(HubSpotObject record, DateTimeOffset now)
    {
        record.UpdatedAt = now;
        record.Properties[HubSpotObjectTypes.LastModifiedProperty(record.ObjectType)] = HubSpotFormats.Date(now);
        IndexSourceId(record);
    }

    /// <summary>Associates two records in both directions (HubSpot associations are bidirectional).</summary>
    public void Associate(string fromType, long fromId, string toType, long toId, int typeId)
    {
        Link(fromType, fromId, toType, toId, typeId);
        if (HubSpotObjectTypes.DefaultTypeId(toType, fromType) is { } reverse)
        {
            Link(toType, toId, fromType, fromId, reverse);
        }
    }

    /// <summary>Removes every association between two records, in both directions; <see langword="false"/> when there was none.</summary>
    public bool Disassociate(string fromType, long fromId, string toType, long toId)
    {
        var removed = Unlink(fromType, fromId, toType, toId);
        Unlink(toType, toId, fromType, fromId);
        return removed;
    }

    public IReadOnlyList<(long ToId, int TypeId)> Associated(string fromType, long fromId, string toType) =>
        associations.TryGetValue((fromType, fromId), out var byType) && byType.TryGetValue(toType, out var ids)
            ? ids.Select(p => (p.Key, p.Value)).ToList()
            : [];

    /// <summary>How many call engagements repeat a source call id already stored (0 when every call landed once).</summary>
    public int DuplicateCalls() => objects[HubSpotObjectTypes.Calls].Values
        .Select(c => c.Properties.GetValueOrDefault(HubSpotObjectTypes.SourceCallIdProperty))
        .Where(v => !string.IsNullOrEmpty(v))
        .GroupBy(v => v, StringComparer.Ordinal)
        .Sum(g => g.Count() - 1);

    private void IndexSourceId(HubSpotObject record)
    {
        if (record.ObjectType != HubSpotObjectTypes.Calls)
        {
            return;
        }

        var value = record.Properties.GetValueOrDefault(HubSpotObjectTypes.SourceCallIdProperty);
        if (sourceIdOfCall.TryGetValue(record.Id, out var old))
        {
            if (string.Equals(old, value, StringComparison.Ordinal))
            {
                return;
            }

            callsBySourceId[old].Remove(record.Id);
            sourceIdOfCall.Remove(record.Id);
        }

        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!callsBySourceId.TryGetValue(value, out var ids))
        {
            callsBySourceId[value] = ids = [];
        }

        ids.Add(record.Id);
        sourceIdOfCall[record.Id] = value;
    }

    private bool Unlink(string fromType, long fromId, string toType, long toId) =>
        associations.TryGetValue((fromType, fromId), out var byType) && byType.TryGetValue(toType, out var ids) && ids.Remove(toId);

    private void Link(string fromType, long fromId, string toType, long toId, int typeId)
    {
        if (!associations.TryGetValue((fromType, fromId), out var byType))
        {
            associations[(fromType, fromId)] = byType = new Dictionary<string, SortedDictionary<long, int>>(StringComparer.Ordinal);
        }

        if (!byType.TryGetValue(toType, out var ids))
        {
            byType[toType] = ids = [];
        }

        ids[toId] = typeId;
    }
}
