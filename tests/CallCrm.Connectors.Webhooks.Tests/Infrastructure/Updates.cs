using CallCrm.Connectors.Model;
using NodaTime;

namespace CallCrm.Connectors.Webhooks.Tests.Infrastructure;

internal static class Updates
{
    public static CustomerTagUpdate For(string customerId, long version, params CustomerTag[] tags) => new()
    {
        CustomerId = customerId,
        Version = version,
        ChangedAt = Instant.FromUtc(2026, 11, 23, 14, 0, 30),
        PhoneNumbers = [new PhoneNumber("(138) 0013-8000", "+8613800138000")],
        Tags = tags.Length == 0 ? [new CustomerTag("vip")] : tags,
    };
}
