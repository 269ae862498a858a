using System.Globalization;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.ScreenPop;
using CallCrm.Connectors.Sync;

namespace CallCrm.Connectors.QuickStart;

/// <summary>What the quick start prints: a live progress bar, the summary table and a screen-pop card.</summary>
internal static class ConsoleView
{
    public static IProgress<SyncProgress> ProgressBar(string label, int expected)
    {
        // Progress<T> would post to the thread pool out of order; the bar only needs the latest numbers.
        return new SynchronousProgress(p =>
        {
            if (Console.IsOutputRedirected)
            {
                return;
            }

            var done = p.Written + p.Unchanged + p.Buffered + p.DeadLettered;
            var fraction = expected <= 0 ? 1d : Math.Min(1d, (double)done / expected);
            var filled = (int)(fraction * 30);
            Console.Write(string.Create(CultureInfo.InvariantCulture, $"\r{label,-22} [{new string('#', filled)}{new string('.', 30 - filled)}] {done,6}/{expected} (buffered {p.Buffered})"));
        });
    }

    public static void EndProgress()
    {
        if (!Console.IsOutputRedirected)
        {
            Console.WriteLine();
        }
    }

    public static void Summary(IReadOnlyList<SyncRunReport> reports, long deadLetters)
    {
        Console.WriteLine();
        Console.WriteLine("Summary");
        Console.WriteLine($"{"Stream",-28} {"Read",7} {"Written",8} {"Unchanged",10} {"Retries",8} {"Buffered",9} {"Dead",6} {"Rate/s",8} {"Time",8}");
        Console.WriteLine(new string('-', 100));
        foreach (var r in reports)
        {
            var seconds = Math.Max(r.Duration.TotalSeconds, 0.001);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{r.Stream,-28} {r.Read,7} {r.Written,8} {r.Unchanged,10} {r.Retried,8} {r.Buffered,9} {r.DeadLettered,6} {(r.Written + r.Unchanged) / seconds,8:F0} {seconds,7:F1}s"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Dead letters held in the state store: {deadLetters}"));
    }

    public static void ScreenPop(PhoneNumber caller, ScreenPopCard card)
    {
        Console.WriteLine();
        Console.WriteLine("Screen-pop card (as an agent sees it)");
        Console.WriteLine("+----------------------------------------------------------+");
        // PhoneNumber.ToString() masks all but the last digits: a card, like a log, never needs the full number.
        Console.WriteLine($"| Incoming call from {caller,-38}|");
        if (card.GetUserMessage(CultureInfo.InvariantCulture) is { } message)
        {
            Console.WriteLine($"| {Clip(message, 57),-57}|");
        }

        foreach (var match in card.Matches.Take(2))
        {
            var c = match.Customer;
            Console.WriteLine($"| {Clip(c.DisplayName ?? $"{c.FirstName} {c.LastName}", 57),-57}|");
            Console.WriteLine($"| {Clip("Company: " + (c.Company ?? "-"), 57),-57}|");
            Console.WriteLine($"| {Clip("Tags: " + (c.Tags.Count == 0 ? "-" : string.Join(", ", c.Tags.Select(t => t.Name))), 57),-57}|");
            Console.WriteLine($"| {Clip(string.Create(CultureInfo.InvariantCulture, $"Recent tickets: {match.RecentTickets.Count}, recent calls: {match.RecentCalls.Count}"), 57),-57}|");
            foreach (var ticket in match.RecentTickets.Take(2))
            {
                Console.WriteLine($"|   {Clip($"Ticket: {ticket.Subject} ({ticket.Status})", 55),-55}|");
            }

            foreach (var call in match.RecentCalls.Take(3))
            {
                var duration = call.Duration is { } d ? string.Create(CultureInfo.InvariantCulture, $", {(int)d.TotalSeconds} s") : string.Empty;
                Console.WriteLine($"|   {Clip(string.Create(CultureInfo.InvariantCulture, $"Call: {call.StartedAt.ToDateTimeUtc():yyyy-MM-dd HH:mm} UTC {call.Direction}, {call.Status}{duration}"), 55),-55}|");
            }
        }

        Console.WriteLine("+----------------------------------------------------------+");
    }

    private static string Clip(string value, int width) => value.Length <= width ? value : string.Concat(value.AsSpan(0, width - 1), "…");

    private sealed class SynchronousProgress(Action<SyncProgress> report) : IProgress<SyncProgress>
    {
        private readonly Lock _lock = new();

        public void Report(SyncProgress value)
        {
            lock (_lock)
            {
                report(value);
            }
        }
    }
}
