using CallCrm.Connectors.Model;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

/// <summary>Builds call records for tests.</summary>
internal static class Calls
{
    public static readonly Instant Epoch = Instant.FromUtc(2026, 5, 1, 8, 0);

    public static CallRecord Make(int n, Instant? at = null, string? customer = null, bool isFinal = true, string? disposition = null) => new()
    {
        SourceSystem = "memory-calls",
        SourceId = "call-" + n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
        Direction = CallDirection.Inbound,
        From = new PhoneNumber("+86 138 0013 " + (n % 10000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)),
        To = new PhoneNumber("+862100000000", "+862100000000"),
        StartedAt = at ?? Epoch + Duration.FromSeconds(n),
        EndedAt = isFinal ? (at ?? Epoch + Duration.FromSeconds(n)) + Duration.FromMinutes(2) : null,
        Status = isFinal ? CallStatus.Completed : CallStatus.InProgress,
        IsFinal = isFinal,
        CustomerReference = customer,
        Disposition = disposition,
    };

    public static List<CallRecord> Range(int count, Func<int, Instant>? at = null) =>
        Enumerable.Range(0, count).Select(i => Make(i, at?.Invoke(i))).ToList();
}
