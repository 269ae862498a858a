using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CallCrm.Connectors.VendorSimulator.HubSpot;
using CallCrm.Connectors.VendorSimulator.Twilio;

namespace CallCrm.Connectors.VendorSimulator.Seeding;

/// <summary>
/// Generates the simulator's data from a seed: the same seed and anchor always give the same contacts, tickets, calls
/// and recordings. Built to hit real edge cases: numbers in ten countries typed six ways, company main lines shared by
/// several contacts, hidden callers, many calls in the same second, child call legs, calls still in progress.
/// </summary>
internal static class DataSeeder
{
    private static readonly string[] FirstNames = ["Ana", "Wei", "James", "Fatima", "Lukas", "Yuki", "Chloé", "Ravi", "Sipho", "María", "Olivia", "Hiroshi", "Lena", "Mateus", "Priya", "Noah"];
    private static readonly string[] LastNames = ["Silva", "Zhang", "Smith", "Khan", "Müller", "Tanaka", "Martin", "Patel", "Nkosi", "García", "Brown", "Sato", "Schmidt", "Costa", "Iyer", "Wilson"];
    private static readonly string[] TagPool = ["vip", "complaint_risk", "lang_en", "lang_de", "lang_zh", "lang_fr", "churn_risk", "newsletter"];
    private static readonly string[] TicketSubjects = ["Invoice question", "Cannot log in", "Delivery delayed", "Refund request", "Upgrade plan", "Broken device", "Change address"];
    private static readonly string[] Priorities = ["LOW", "MEDIUM", "HIGH"];
    private static readonly string[] RecordingSources = ["DialVerb", "RecordVerb", "StartCallRecordingAPI"];

    /// <summary>Our own Twilio numbers (fictional ranges): the "to" of inbound calls, the "from" of outbound ones.</summary>
    private static readonly string[] OwnNumbers = ["+14155550100", "+14155550101", "+442079460000"];

    public static void Seed(SimulatorOptions options, DateTimeOffset anchor, HubSpotStore hubSpot, TwilioStore twilio)
    {
        var random = new Random(options.Seed);
        var contactPhones = SeedContacts(random, options.Contacts, anchor, hubSpot);
        twilio.AddRange(SeedCalls(random, options.Calls, anchor, contactPhones));
    }

    private static List<SeedPhone> SeedContacts(Random random, int count, DateTimeOffset anchor, HubSpotStore store)
    {
        var phones = new List<SeedPhone>();
        // Company main lines: each answers for several contacts, so a lookup by number finds more than one.
        var mainLines = Enumerable.Range(0, Math.Max(1, count / 40)).Select(_ => SeedPhone.Generate(random, Pick(random, SeedCountry.All))).ToList();
        lock (store.Gate)
        {
            for (var i = 0; i < count; i++)
            {
                var first = Pick(random, FirstNames);
                var last = Pick(random, LastNames);
                var phone = random.NextDouble() < 0.12 ? Pick(random, mainLines) : SeedPhone.Generate(random, Pick(random, SeedCountry.All));
                phones.Add(phone);
                var created = anchor.AddDays(-200 - random.Next(600)).AddSeconds(-random.Next(86_400));
                var modified = anchor.AddDays(-random.Next(180)).AddSeconds(-random.Next(86_400));
                var properties = new Dictionary<string, string?>(StringComparer.Ordinal)
                {
                    ["firstname"] = first,
                    ["lastname"] = last,
                    ["email"] = $"{Ascii(first)}.{Ascii(last)}.{i.ToString(CultureInfo.InvariantCulture)}@example.com",
                    ["phone"] = phone.Written(random.Next(6)),
                    ["mobilephone"] = null,
                    [HubSpotObjectTypes.TagsProperty] = string.Join(';', TagPool.OrderBy(_ => random.Next()).Take(random.Next(4))),
                };
                if (random.NextDouble() < 0.5)
                {
                    var mobile = SeedPhone.Generate(random, phone.Country);
                    phones.Add(mobile);
                    properties["mobilephone"] = mobile.Written(random.Next(6));
                }

                var contact = store.Add(HubSpotObjectTypes.Contacts, properties, created);
                store.Touch(contact, modified < created ? created : modified);
                SeedTickets(random, anchor, store, contact);
            }
        }

        return phones;
    }

    /// <summary>Tickets created over the last 6 months, so that a 3-month window leaves some out.</summary>
    private static void SeedTickets(Random random, DateTimeOffset anchor, HubSpotStore store, HubSpotObject contact)
    {
        var tickets = random.NextDouble() < 0.6 ? 1 + random.Next(4) : 0;
        for (var t = 0; t < tickets; t++)
        {
            var created = anchor.AddDays(-random.Next(183)).AddSeconds(-random.Next(86_400));
            // Arguments are evaluated left to right: the random draws keep their order, so a seed gives the same data as before.
            store.AddTicket(contact, Pick(random, TicketSubjects), "Seeded ticket.", (1 + random.Next(4)).ToString(CultureInfo.InvariantCulture), Pick(random, Priorities), created);
        }
    }

    private static List<TwilioCall> SeedCalls(Random random, int count, DateTimeOffset anchor, List<SeedPhone> contactPhones)
    {
        var calls = new List<TwilioCall>(count);
        var windowSeconds = 30 * 86_400;
        var ongoing = Math.Min(count, Math.Max(count / 100, count > 0 ? 3 : 0));
        while (calls.Count < count - ongoing)
        {
            // Bursts: many calls start in the same second (Twilio's StartTime resolution), which paging must survive.
            var second = anchor.AddSeconds(-600 - random.Next(windowSeconds));
            var roll = random.NextDouble();
            var burst = roll < 0.7 ? 1 : roll < 0.9 ? 2 + random.Next(3) : 5 + random.Next(8);
            for (var b = 0; b < burst && calls.Count < count - ongoing; b++)
            {
                var call = NewCall(random, second, Terminal(random), contactPhones, parent: null);
                calls.Add(call);
                if (call.Direction == "inbound" && call.Status == TwilioCallStatus.Completed && random.NextDouble() < 0.2 && calls.Count < count - ongoing)
                {
                    // The agent leg <Dial>ed from the inbound call: a child call starting in the same second.
                    calls.Add(NewCall(random, second, TwilioCallStatus.Completed, contactPhones, parent: call));
                }
            }
        }

        for (var i = 0; i < ongoing; i++)
        {
            // Calls not over yet at the anchor: the SDK must not treat them as final (add more with POST /_sim/twilio/calls).
            var status = (i % 3) switch { 0 => TwilioCallStatus.InProgress, 1 => TwilioCallStatus.Ringing, _ => TwilioCallStatus.Queued };
            calls.Add(NewCall(random, anchor.AddSeconds(-random.Next(300)), status, contactPhones, parent: null));
        }

        return calls;
    }

    private static string Terminal(Random random) => random.NextDouble() switch
    {
        < 0.72 => TwilioCallStatus.Completed,
        < 0.84 => TwilioCallStatus.NoAnswer,
        < 0.91 => TwilioCallStatus.Busy,
        < 0.96 => TwilioCallStatus.Failed,
        _ => TwilioCallStatus.Canceled,
    };

    internal static TwilioCall NewCall(Random random, DateTimeOffset start, string status, IReadOnlyList<SeedPhone> contactPhones, TwilioCall? parent)
    {
        var own = Pick(random, OwnNumbers);
        string direction, from, to;
        if (parent is not null)
        {
            direction = "outbound-dial";
            from = parent.From;
            to = random.NextDouble() < 0.5
                ? "client:agent_" + random.Next(1, 40).ToString("D2", CultureInfo.InvariantCulture)
                : SeedPhone.Generate(random, SeedCountry.All[0]).E164;
        }
        else if (random.NextDouble() < 0.65)
        {
            direction = "inbound";
            to = own;
            from = CustomerNumber(random, contactPhones, allowHidden: true);
        }
        else
        {
            direction = "outbound-api";
            from = own;
            to = CustomerNumber(random, contactPhones, allowHidden: false);
        }

        var final = TwilioCall.IsFinal(status);
        var answered = status is TwilioCallStatus.Completed;
        var duration = answered ? 5 + random.Next(1800) : final ? 0 : (int?)null;
        var hasStarted = status != TwilioCallStatus.Queued;
        var end = final ? start.AddSeconds(duration ?? 0) : (DateTimeOffset?)null;
        var call = new TwilioCall
        {
            Sid = Sid(random, "CA"),
            ParentCallSid = parent?.Sid,
            DateCreated = start,
            DateUpdated = end ?? start,
            To = to,
            From = from,
            PhoneNumberSid = "PN" + Hex(random, 32),
            Status = status,
            StartTime = hasStarted ? start : null,
            EndTime = end,
            DurationSeconds = duration,
            Price = answered ? (-Math.Ceiling(duration!.Value / 60m) * 0.0085m).ToString("0.00000", CultureInfo.InvariantCulture) : null,
            Direction = direction,
            AnsweredBy = direction == "outbound-api" && answered ? (random.NextDouble() < 0.8 ? "human" : "machine_start") : null,
            ForwardedFrom = direction == "inbound" && random.NextDouble() < 0.03 ? Pick(random, OwnNumbers) : null,
            CallerName = direction == "inbound" && from.StartsWith("+1", StringComparison.Ordinal) && random.NextDouble() < 0.3 ? $"{Pick(random, LastNames).ToUpperInvariant()} {Pick(random, FirstNames).ToUpperInvariant()}" : null,
            QueueTime = "0",
        };
        if (answered && duration >= 20 && random.NextDouble() < 0.4)
        {
            call.Recording = new TwilioRecording
            {
                Sid = Sid(random, "RE"),
                CallSid = call.Sid,
                DateCreated = start.AddSeconds(1),
                StartTime = start.AddSeconds(1),
                DurationSeconds = duration.Value - 1,
                Channels = 1 + random.Next(2),
                Source = Pick(random, RecordingSources),
                Price = "-0.00250",
            };
        }

        return call;
    }

    /// <summary>A known contact's number (most calls), a stranger's, or a hidden caller id as Twilio reports it.</summary>
    private static string CustomerNumber(Random random, IReadOnlyList<SeedPhone> contactPhones, bool allowHidden)
    {
        var roll = random.NextDouble();
        if (allowHidden && roll < 0.04)
        {
            // Twilio shows a withheld caller id as "anonymous" or as the keypad spelling +266696687 ("ANONYMOUS").
            return random.Next(2) == 0 ? "anonymous" : "+266696687";
        }

        return contactPhones.Count > 0 && roll < 0.8
            ? contactPhones[random.Next(contactPhones.Count)].E164
            : SeedPhone.Generate(random, Pick(random, SeedCountry.All)).E164;
    }

    internal static string Sid(Random random, string prefix) => prefix + Hex(random, 32);

    private static string Hex(Random random, int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append("0123456789abcdef"[random.Next(16)]);
        }

        return builder.ToString();
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Ascii(string name) =>
        new(name.Normalize(NormalizationForm.FormD).Where(c => c < 128 && char.IsLetter(c)).Select(char.ToLowerInvariant).ToArray());
}
