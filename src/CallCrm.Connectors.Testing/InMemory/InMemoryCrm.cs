using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using NodaTime;

namespace CallCrm.Connectors.Testing.InMemory;

/// <summary>An in-memory CRM: the call activities an <see cref="InMemoryCrmSink"/> writes (duplicates included, so tests
/// can count them), and the customers and tickets an <see cref="InMemoryCustomerSource"/> and an
/// <see cref="InMemoryCustomerLookup"/> read.</summary>
public sealed class InMemoryCrm : InMemoryBackend
{
    private readonly Dictionary<string, List<Activity>> activities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConnectorError> refused = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CustomerProfile> customers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TicketSummary>> tickets = new(StringComparer.Ordinal);
    private long nextActivityId;

    /// <summary>Initializes a new instance of the <see cref="InMemoryCrm"/> class.</summary>
    /// <param name="systemName">The name errors give the CRM.</param>
    public InMemoryCrm(string systemName = "In-memory CRM")
        : base(systemName)
    {
    }

    /// <summary>Gets a snapshot of the customers held, in no particular order.</summary>
    public IReadOnlyList<CustomerProfile> Customers
    {
        get
        {
            lock (Gate)
            {
                return [.. customers.Values];
            }
        }
    }

    /// <summary>Counts the call activities held for a record.</summary>
    /// <param name="key">The record's <see cref="CallRecord.Key"/>.</param>
    /// <returns>0 when none, 1 when held once, more for duplicates.</returns>
    public int CountActivities(string key)
    {
        lock (Gate)
        {
            return activities.TryGetValue(key, out var held) ? held.Count : 0;
        }
    }

    /// <summary>Gets the call activities held for a record, oldest first.</summary>
    /// <param name="key">The record's <see cref="CallRecord.Key"/>.</param>
    /// <returns>The records as written.</returns>
    public IReadOnlyList<CallRecord> GetActivities(string key)
    {
        lock (Gate)
        {
            return activities.TryGetValue(key, out var held) ? [.. held.Select(a => a.Record)] : [];
        }
    }

    /// <summary>Makes the CRM refuse every write of a record, as a CRM refuses a value it finds invalid (HTTP 400).</summary>
    /// <param name="key">The record's <see cref="CallRecord.Key"/>.</param>
    /// <param name="field">The field the CRM names as refused.</param>
    public void RefuseRecord(string key, string field = "hs_timestamp")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        var error = ConnectorErrorClassifier.FromHttpResponse(400, SystemName, fieldErrors: [new FieldError(field, "The value is not valid.")]);
        lock (Gate)
        {
            refused[key] = error;
        }
    }

    /// <summary>Adds a customer, or replaces the customer with the same <see cref="CustomerProfile.Id"/>.</summary>
    /// <param name="customer">The customer; <see cref="CustomerProfile.ModifiedAt"/> is the change time a customer source reads by.</param>
    /// <exception cref="ArgumentException"><see cref="CustomerProfile.ModifiedAt"/> is not set.</exception>
    public void AddCustomer(CustomerProfile customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        if (customer.ModifiedAt is null)
        {
            throw new ArgumentException("A customer needs ModifiedAt: it is the change time a customer source reads by.", nameof(customer));
        }

        lock (Gate)
        {
            customers[customer.Id] = customer;
        }
    }

    /// <summary>Adds a ticket of a customer.</summary>
    /// <param name="customerId">The customer's identifier.</param>
    /// <param name="ticket">The ticket.</param>
    public void AddTicket(string customerId, TicketSummary ticket)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        ArgumentNullException.ThrowIfNull(ticket);
        lock (Gate)
        {
            if (!tickets.TryGetValue(customerId, out var held))
            {
                tickets[customerId] = held = [];
            }

            held.Add(ticket);
        }
    }

    /// <summary>Gets the error the CRM refuses a record with, if it refuses it.</summary>
    /// <param name="key">The record's <see cref="CallRecord.Key"/>.</param>
    /// <returns>The error, or <see langword="null"/> when the record is accepted.</returns>
    internal ConnectorError? RefusalOf(string key)
    {
        lock (Gate)
        {
            return refused.GetValueOrDefault(key);
        }
    }

    /// <summary>Writes a call activity: by key when <paramref name="upsert"/>, otherwise always as a new activity.</summary>
    /// <param name="record">The record.</param>
    /// <param name="upsert">Whether to update the activity already held for the key.</param>
    /// <returns>The outcome.</returns>
    internal RecordOutcome WriteActivity(CallRecord record, bool upsert)
    {
        lock (Gate)
        {
            if (refused.TryGetValue(record.Key, out var error))
            {
                return RecordOutcome.Failed(record.Key, error);
            }

            if (!activities.TryGetValue(record.Key, out var held))
            {
                activities[record.Key] = held = [];
            }

            if (upsert && held.Count > 0)
            {
                var existing = held[0];
                if (SameContent(existing.Record, record))
                {
                    return RecordOutcome.Unchanged(record.Key, existing.Id);
                }

                held[0] = existing with { Record = record };
                return RecordOutcome.Written(record.Key, existing.Id);
            }

            var id = string.Create(CultureInfo.InvariantCulture, $"activity-{++nextActivityId}");
            held.Add(new Activity(id, record));
            return RecordOutcome.Written(record.Key, id);
        }
    }

    /// <summary>Finds the customers with a number, with their tickets and calls since a time.</summary>
    /// <param name="request">The lookup request.</param>
    /// <returns>The matches, most recently active first.</returns>
    internal CustomerLookupResult FindByPhone(CustomerLookupRequest request)
    {
        lock (Gate)
        {
            var matches = customers.Values
                .Where(c => c.PhoneNumbers.Any(n => string.Equals(n.E164, request.PhoneNumberE164, StringComparison.Ordinal)))
                .OrderByDescending(c => c.LastActivityAt ?? Instant.MinValue)
                .ThenBy(c => c.Id, StringComparer.Ordinal)
                .Take(request.MaxCandidates)
                .Select(c => new CustomerMatch(c, RecentTickets(c.Id, request.HistorySince), RecentCalls(c, request.HistorySince)))
                .ToList();
            return matches.Count == 0 ? CustomerLookupResult.NotFound : new CustomerLookupResult(matches);
        }
    }

    /// <summary>Reads a page of customers by (modification time, id) after a watermark.</summary>
    /// <param name="after">The watermark.</param>
    /// <param name="until">The exclusive bound on modification time, if any.</param>
    /// <param name="pageSize">The page size.</param>
    /// <returns>The page.</returns>
    internal IReadOnlyList<CustomerProfile> ReadCustomerPage(WatermarkCheckpoint after, Instant? until, int pageSize)
    {
        lock (Gate)
        {
            return WatermarkReader.SelectPage(customers.Values, ModifiedAt, c => c.Id, after, until, pageSize);
        }
    }

    /// <summary>Gets the change time of a customer added through <see cref="AddCustomer"/>, which requires it.</summary>
    /// <param name="customer">The customer.</param>
    /// <returns>The time.</returns>
    internal static Instant ModifiedAt(CustomerProfile customer) => customer.ModifiedAt.GetValueOrDefault();

    // CallRecord's generated equality compares CustomFields by reference; two records read from storage are equal by content.
    private static bool SameContent(CallRecord held, CallRecord written) =>
        held with { CustomFields = written.CustomFields } == written
        && held.CustomFields.Count == written.CustomFields.Count
        && held.CustomFields.All(f => written.CustomFields.TryGetValue(f.Key, out var value) && string.Equals(value, f.Value, StringComparison.Ordinal));

    private List<TicketSummary> RecentTickets(string customerId, Instant since) =>
        tickets.TryGetValue(customerId, out var held)
            ? [.. held.Where(t => (t.UpdatedAt ?? t.CreatedAt) >= since).OrderByDescending(t => t.UpdatedAt ?? t.CreatedAt)]
            : [];

    private List<CallRecord> RecentCalls(CustomerProfile customer, Instant since)
    {
        var numbers = customer.PhoneNumbers.Select(n => n.E164).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return
        [
            .. activities.Values
                .Where(held => held.Count > 0)
                .Select(held => held[0].Record)
                .Where(r => r.StartedAt >= since && (numbers.Contains(r.From.E164 ?? string.Empty) || numbers.Contains(r.To.E164 ?? string.Empty)))
                .OrderByDescending(r => r.StartedAt),
        ];
    }

    private sealed record Activity(string Id, CallRecord Record);
}
