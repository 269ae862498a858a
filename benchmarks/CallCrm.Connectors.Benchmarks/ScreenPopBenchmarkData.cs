using CallCrm.Connectors.Model;
using CallCrm.Connectors.Testing.InMemory;
using NodaTime;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>One customer with three months of tickets, as a busy contact center's regular caller has.</summary>
internal static class ScreenPopBenchmarkData
{
    public const string SealingKey = "screenpop-benchmark-sealing-key-0123456789abcdef";

    public static InMemoryCrm Crm(int tickets)
    {
        var crm = new InMemoryCrm();
        var now = SystemClock.Instance.GetCurrentInstant();
        crm.AddCustomer(new CustomerProfile
        {
            Id = "alice",
            DisplayName = "Alice Wang",
            FirstName = "Alice",
            LastName = "Wang",
            Email = "alice@example.com",
            Company = "Wang Trading Co., Ltd.",
            PhoneNumbers = [new PhoneNumber("+8613800138000", "+8613800138000")],
            Tags = [new CustomerTag("vip"), new CustomerTag("language", "zh-CN"), new CustomerTag("complaint-risk")],
            LastActivityAt = now,
            ModifiedAt = now,
        });
        for (var i = 0; i < tickets; i++)
        {
            crm.AddTicket("alice", new TicketSummary
            {
                Id = "T-" + (100_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Subject = "Delivery of order " + (7_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture) + " arrived damaged; customer asks for a replacement",
                Status = i % 3 == 0 ? "open" : "closed",
                Priority = i % 5 == 0 ? "high" : "normal",
                CreatedAt = now - Duration.FromDays(i * 4),
                UpdatedAt = now - Duration.FromDays(i * 4) + Duration.FromHours(3),
                Url = new Uri("https://crm.example/tickets/" + (100_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            });
        }

        return crm;
    }
}
