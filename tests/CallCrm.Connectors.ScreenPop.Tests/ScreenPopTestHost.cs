using System.Security.Claims;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace CallCrm.Connectors.ScreenPop.Tests;

/// <summary>The service as an application wires it: an in-memory CRM behind a counting lookup, the built-in roles, and the audit log
/// on a real SQLite file; time from a <see cref="FakeTimeProvider"/>.</summary>
internal sealed class ScreenPopTestHost : IAsyncDisposable
{
    public const string SealingKey = "screenpop-test-sealing-key-0123456789abcdef";
    public const string AliceNumber = "+8613800138000";
    public const string SharedNumber = "+861062345678";
    public const string UnknownNumber = "+8613900139000";
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private readonly string directory;

    public ScreenPopTestHost(Action<ScreenPopOptions>? configure = null)
    {
        directory = Path.Combine(Path.GetTempPath(), "screenpop-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        Crm = new InMemoryCrm("Acme CRM");
        Lookup = new CountingLookup(new InMemoryCustomerLookup(Crm));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddFakeLogging();
        services.AddSingleton<ICustomerLookup>(Lookup);
        services.AddSqliteStateStore(o => o.DataSource = StatePath);
        services.AddCallCrmAuditLog(o => o.SealingKey = new Secret(SealingKey));
        services.AddCallCrmScreenPop(o =>
        {
            o.Region = "CN";
            o.CrmDisplayName = "Acme CRM";
            o.CreateLeadUrlTemplate = "https://crm.example/leads/new?phone={phone}";
            configure?.Invoke(o);
        });
        Provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        SeedCustomers();
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public string StatePath => Path.Combine(directory, "state.db");

    public InMemoryCrm Crm { get; }

    public CountingLookup Lookup { get; }

    public ServiceProvider Provider { get; }

    public IScreenPopService ScreenPop => Provider.GetRequiredService<IScreenPopService>();

    public IScreenPopCacheInvalidator Invalidator => Provider.GetRequiredService<IScreenPopCacheInvalidator>();

    public IAuditLog AuditLog => Provider.GetRequiredService<IAuditLog>();

    public Microsoft.Extensions.Logging.Testing.FakeLogCollector Logs => Provider.GetFakeLogCollector();

    public static ClaimsPrincipal User(params string[] roles) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "agent-7"), .. roles.Select(r => new Claim(ClaimTypes.Role, r))],
        authenticationType: "test"));

    public async Task<List<AuditRecord>> ReadAuditAsync()
    {
        var records = new List<AuditRecord>();
        await foreach (var record in AuditLog.ReadAsync(User(CustomerDataRoles.Auditor)))
        {
            // The auditor's read is itself audited; only the lookups matter here.
            if (record.Entry.Operation == AuditOperations.CustomerLookup)
            {
                records.Add(record);
            }
        }

        return records;
    }

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on a slow machine is left in the temp directory rather than failing the test.
        }
    }

    private void SeedCustomers()
    {
        var now = Instant.FromDateTimeOffset(Start);
        Crm.AddCustomer(new CustomerProfile
        {
            Id = "alice",
            DisplayName = "Alice Wang",
            Email = "alice@example.com",
            Company = "Wang Trading",
            PhoneNumbers = [new PhoneNumber(AliceNumber, AliceNumber)],
            Tags = [new CustomerTag("vip"), new CustomerTag("language", "zh-CN")],
            LastActivityAt = now - Duration.FromDays(1),
            ModifiedAt = now - Duration.FromDays(1),
        });
        Crm.AddTicket("alice", new TicketSummary { Id = "T-1", Subject = "Refund", Status = "open", CreatedAt = now - Duration.FromDays(10) });
        Crm.AddTicket("alice", new TicketSummary { Id = "T-old", Subject = "Old", Status = "closed", CreatedAt = now - Duration.FromDays(200) });
        foreach (var (id, name, days) in new[] { ("bob", "Bob Li", 2), ("carol", "Carol Zhang", 5) })
        {
            Crm.AddCustomer(new CustomerProfile
            {
                Id = id,
                DisplayName = name,
                Company = "Shared Switchboard Ltd",
                PhoneNumbers = [new PhoneNumber(SharedNumber, SharedNumber)],
                LastActivityAt = now - Duration.FromDays(days),
                ModifiedAt = now - Duration.FromDays(days),
            });
        }
    }
}
