using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CallCrm.Connectors.Model;
using NodaTime;

namespace CallCrm.Connectors.Testing;

/// <summary>The deterministic data the kit seeds and writes: shaped to catch the usual provider bugs (ties on one
/// timestamp across a page boundary, calls not yet ended, data seeded out of order).</summary>
internal static class ConformanceData
{
    /// <summary>The <see cref="CallRecord.SourceSystem"/> of every record the kit makes.</summary>
    public const string SourceSystem = "conformance";

    // The two tag sets updates alternate between: version 1 has the first.
    private static readonly IReadOnlyList<CustomerTag>[] TagSets =
    [
        [new CustomerTag("vip"), new CustomerTag("language", "de-DE")],
        [new CustomerTag("language", "zh-CN"), new CustomerTag("complaint-risk", "high")],
    ];

    // Whole seconds: vendors such as Twilio filter and report at one-second resolution.
    private static readonly Instant Origin = Instant.FromUtc(2026, 3, 2, 8, 0, 0);

    /// <summary>Gets the seconds after <see cref="Origin"/> of the items the sources are seeded with, oldest first: two
    /// groups of <c>pageSize + 2</c> items sharing one second (so each group crosses a page boundary) among single items.</summary>
    /// <param name="pageSize">The page size the kit reads with.</param>
    /// <returns>One offset per item.</returns>
    public static IReadOnlyList<int> Timeline(int pageSize)
    {
        var tie = pageSize + 2;
        return [0, 1, 2, .. Enumerable.Repeat(3, tie), 4, 5, 6, 7, .. Enumerable.Repeat(8, tie), 9, 10];
    }

    /// <summary>Creates the calls a call source is seeded with, in seeding order (newest first, so a source cannot rely
    /// on insertion order). Three calls have not ended: the last of each tie group and the newest.</summary>
    /// <param name="pageSize">The page size the kit reads with.</param>
    /// <returns>The calls.</returns>
    public static IReadOnlyList<CallRecord> CallsToSeed(int pageSize)
    {
        var timeline = Timeline(pageSize);
        var calls = new List<CallRecord>(timeline.Count);
        for (var i = 0; i < timeline.Count; i++)
        {
            // Not ended yet: the last call of each tie group and the newest call.
            var last = i == timeline.Count - 1;
            var ongoing = last || (i > 0 && timeline[i] == timeline[i - 1] && timeline[i] != timeline[i + 1]);
            calls.Add(Call(i, Origin + Duration.FromSeconds(timeline[i]), ongoing));
        }

        calls.Reverse();
        return calls;
    }

    /// <summary>Creates finished calls for a sink to write, one minute apart.</summary>
    /// <param name="count">How many.</param>
    /// <param name="first">The index of the first one, so that several sets do not share keys.</param>
    /// <returns>The calls.</returns>
    public static IReadOnlyList<CallRecord> CallsToWrite(int count, int first = 0) =>
        Enumerable.Range(first, count).Select(i => Call(i, Origin + Duration.FromMinutes(i), ongoing: false)).ToList();

    /// <summary>Creates one call.</summary>
    /// <param name="index">Its index, which makes its id, numbers and times.</param>
    /// <param name="startedAt">When it started.</param>
    /// <param name="ongoing">Whether it is still in progress.</param>
    /// <returns>The call.</returns>
    public static CallRecord Call(int index, Instant startedAt, bool ongoing)
    {
        var answeredAt = startedAt + Duration.FromSeconds(5);
        var talk = Duration.FromSeconds(30 + index);
        return new CallRecord
        {
            SourceSystem = SourceSystem,
            SourceId = string.Create(CultureInfo.InvariantCulture, $"CA{index:D32}"),
            Direction = index % 3 == 2 ? CallDirection.Outbound : CallDirection.Inbound,
            From = Number("+1 (415) 555-01", "+141555501", index),
            To = new PhoneNumber("+44 20 7183 8750", "+442071838750"),
            Agent = string.Create(CultureInfo.InvariantCulture, $"agent-{index % 4}"),
            Queue = "support",
            StartedAt = startedAt,
            AnsweredAt = answeredAt,
            EndedAt = ongoing ? null : answeredAt + talk,
            Duration = ongoing ? null : talk + Duration.FromSeconds(5),
            Status = ongoing ? CallStatus.InProgress : CallStatus.Completed,
            IsFinal = !ongoing,

            // Whole seconds, shared wherever start times are shared, so that a source ordered by change time meets ties too.
            UpdatedAt = ongoing ? answeredAt : startedAt + Duration.FromMinutes(1),
        };
    }

    /// <summary>Creates the customers a customer source is seeded with, in seeding order (newest first).</summary>
    /// <param name="pageSize">The page size the kit reads with.</param>
    /// <returns>The customers, each last modified on the <see cref="Timeline(int)"/>.</returns>
    public static IReadOnlyList<CustomerProfile> CustomersToSeed(int pageSize)
    {
        var timeline = Timeline(pageSize);
        var customers = Enumerable.Range(0, timeline.Count)
            .Select(i => Customer(i, [Number("+49 30 12345", "+4930123450", i)]) with { ModifiedAt = Origin + Duration.FromSeconds(timeline[i]) })
            .ToList();
        customers.Reverse();
        return customers;
    }

    /// <summary>Creates one customer.</summary>
    /// <param name="index">Its index, which makes its id, name and e-mail address.</param>
    /// <param name="phoneNumbers">Its phone numbers.</param>
    /// <returns>The customer.</returns>
    public static CustomerProfile Customer(int index, IReadOnlyList<PhoneNumber> phoneNumbers)
    {
        var n = index.ToString("D3", CultureInfo.InvariantCulture);
        return new CustomerProfile
        {
            Id = "cust-" + n,
            DisplayName = "Customer " + n,
            FirstName = "Customer",
            LastName = n,
            Email = "customer" + n + "@example.com",
            PhoneNumbers = phoneNumbers,
            Tags = index % 2 == 0 ? [new CustomerTag("vip")] : [new CustomerTag("language", "de-DE")],
            ModifiedAt = Origin,
        };
    }

    /// <summary>Creates tag updates for <paramref name="count"/> customers.</summary>
    /// <param name="count">How many customers.</param>
    /// <param name="version">The version of every update; a later version carries a different tag set.</param>
    /// <returns>The updates.</returns>
    public static IReadOnlyList<CustomerTagUpdate> TagUpdates(int count, long version = 1) =>
        Enumerable.Range(0, count).Select(i => new CustomerTagUpdate
        {
            CustomerId = "cust-" + i.ToString("D3", CultureInfo.InvariantCulture),
            PhoneNumbers = [Number("+49 30 12345", "+4930123450", i)],
            Tags = TagSets[version == 1 ? 0 : 1],
            ChangedAt = Origin + Duration.FromMinutes(version),
            Version = version,
        }).ToList();

    /// <summary>Creates a newer version of a call: a call in progress has since ended; an ended call has since been given a
    /// disposition.</summary>
    /// <param name="call">The call.</param>
    /// <returns>The newer version, with the same key.</returns>
    public static CallRecord Changed(CallRecord call)
    {
        var changedAt = (call.UpdatedAt ?? call.StartedAt) + Duration.FromMinutes(1);
        if (call.IsFinal)
        {
            return call with { Disposition = "callback-requested", UpdatedAt = changedAt };
        }

        var answeredAt = call.AnsweredAt ?? call.StartedAt;
        var talk = Duration.FromSeconds(30);
        return call with
        {
            EndedAt = answeredAt + talk,
            Duration = answeredAt - call.StartedAt + talk,
            Status = CallStatus.Completed,
            IsFinal = true,
            UpdatedAt = changedAt,
        };
    }

    /// <summary>Creates the next version of a customer's tag set, with other tags.</summary>
    /// <param name="update">The update.</param>
    /// <returns>The next version.</returns>
    public static CustomerTagUpdate Changed(CustomerTagUpdate update) => update with
    {
        Tags = update.Tags.SequenceEqual(TagSets[0]) ? TagSets[1] : TagSets[0],
        ChangedAt = update.ChangedAt + Duration.FromMinutes(1),
        Version = update.Version + 1,
    };

    /// <summary>Creates a number that differs from others of its series by the last two digits.</summary>
    /// <param name="rawPrefix">The written form without the last two digits.</param>
    /// <param name="e164Prefix">The E.164 form without the last two digits.</param>
    /// <param name="index">Which number of the series.</param>
    /// <returns>The number.</returns>
    public static PhoneNumber Number(string rawPrefix, string e164Prefix, int index)
    {
        var suffix = (index % 100).ToString("D2", CultureInfo.InvariantCulture);
        return new PhoneNumber(rawPrefix + suffix, e164Prefix + suffix);
    }
}
