using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Testing.InMemory;
using NodaTime;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>Does compressing cached cards pay off? Measures, for a customer with 20 tickets in three months, the managed heap an
/// uncompressed cache entry holds, its JSON size, its Brotli and gzip sizes, and what compressing and reading it back cost.</summary>
internal static class ScreenPopCompressionMeasure
{
    private const int Copies = 2_000;

    public static void Run()
    {
        var since = SystemClock.Instance.GetCurrentInstant() - Duration.FromDays(92);
        var request = new CustomerLookupRequest("+8613800138000", since);

        // Heap per entry: hold many independent copies (as a cache of many numbers would: a CRM answer is fresh objects) and divide.
        // Each copy comes from its own CRM, dropped at once, so copies share no ticket objects.
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var held = new CustomerLookupResult[Copies];
        for (var i = 0; i < Copies; i++)
        {
            held[i] = new InMemoryCustomerLookup(ScreenPopBenchmarkData.Crm(tickets: 20)).FindByPhoneAsync(request).AsTask().GetAwaiter().GetResult();
        }

        var heapPerEntry = (GC.GetTotalMemory(forceFullCollection: true) - before) / Copies;
        GC.KeepAlive(held);

        var json = Serialize(held[0]);
        var brotliFast = Compress(json, s => new BrotliStream(s, CompressionLevel.Fastest));
        var brotli = Compress(json, s => new BrotliStream(s, CompressionLevel.Optimal));
        var gzip = Compress(json, s => new GZipStream(s, CompressionLevel.Optimal));

        var compressNs = Time(() => Compress(json, s => new BrotliStream(s, CompressionLevel.Fastest)));
        var readBackNs = Time(() =>
        {
            using var input = new BrotliStream(new MemoryStream(brotliFast), CompressionMode.Decompress);
            using var document = JsonDocument.Parse(input);
            return document.RootElement.GetArrayLength();
        });

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            Cache entry, 1 customer with 20 tickets:
              managed heap, uncompressed objects : {heapPerEntry,8:N0} bytes
              JSON                               : {json.Length,8:N0} bytes
              Brotli (fastest)                   : {brotliFast.Length,8:N0} bytes
              Brotli (optimal)                   : {brotli.Length,8:N0} bytes
              gzip (optimal)                     : {gzip.Length,8:N0} bytes
              Brotli-fastest compress            : {compressNs,8:N0} ns
              decompress + parse (per hit)       : {readBackNs,8:N0} ns
            """));
    }

    private static byte[] Serialize(CustomerLookupResult result) => JsonSerializer.SerializeToUtf8Bytes(result.Matches.Select(m => new
    {
        m.Customer.Id, m.Customer.DisplayName, m.Customer.FirstName, m.Customer.LastName, m.Customer.Company, m.Customer.Email,
        Phones = m.Customer.PhoneNumbers.Select(p => p.E164).ToList(),
        Tags = m.Customer.Tags.Select(t => t.ToString()).ToList(),
        Tickets = m.RecentTickets.Select(t => new { t.Id, t.Subject, t.Status, t.Priority, Created = t.CreatedAt.ToUnixTimeMilliseconds(), Updated = t.UpdatedAt?.ToUnixTimeMilliseconds(), t.Url }).ToList(),
    }).ToList());

    private static byte[] Compress(byte[] data, Func<Stream, Stream> wrap)
    {
        using var output = new MemoryStream();
        using (var compressor = wrap(output))
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }

    private static long Time<T>(Func<T> action)
    {
        // Best of 7 passes of 2,000 runs: the least disturbed pass on a shared machine.
        var best = long.MaxValue;
        for (var pass = 0; pass < 7; pass++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 2_000; i++)
            {
                GC.KeepAlive(action());
            }

            best = Math.Min(best, watch.Elapsed.Ticks * 100 / 2_000);
        }

        return best;
    }
}
