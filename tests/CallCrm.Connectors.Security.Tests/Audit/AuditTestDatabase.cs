using System.Security.Claims;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Storage.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Security.Tests.Audit;

/// <summary>A real SQLite state store in a temporary file, with an audit log over it.</summary>
internal sealed class AuditTestDatabase : IAsyncDisposable
{
    public const string SealingKey = "test-sealing-key-0123456789abcdef-0123456789";

    private AuditTestDatabase(string directory, SqliteStateStore store, HashChainedAuditLog log, FakeTimeProvider time)
    {
        Directory = directory;
        Store = store;
        Log = log;
        Time = time;
    }

    public string Directory { get; }

    public string Path => System.IO.Path.Combine(Directory, "state.db");

    public SqliteStateStore Store { get; }

    public HashChainedAuditLog Log { get; }

    public FakeTimeProvider Time { get; }

    public static async Task<AuditTestDatabase> CreateAsync(TimeSpan? retention = null, string? directory = null)
    {
        directory ??= System.IO.Path.Combine(System.IO.Path.GetTempPath(), "callcrm-audit-" + Guid.NewGuid().ToString("N"));
        var store = new SqliteStateStore(new SqliteStateStoreOptions { DataSource = System.IO.Path.Combine(directory, "state.db") });
        await store.InitializeAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return new AuditTestDatabase(directory, store, CreateLog(store, time, retention), time);
    }

    public static HashChainedAuditLog CreateLog(SqliteStateStore store, TimeProvider time, TimeSpan? retention = null, string key = SealingKey) =>
        new(store.AuditLog, Options(retention, key), CustomerDataAccessPolicy.CreateDefault(), time);

    public static IOptions<AuditLogOptions> Options(TimeSpan? retention = null, string key = SealingKey) =>
        Microsoft.Extensions.Options.Options.Create(new AuditLogOptions { SealingKey = new Secret(key), Retention = retention });

    public static AuditEntry Entry(int i) => new()
    {
        Operation = i % 3 == 0 ? AuditOperations.CallWrite : AuditOperations.CustomerLookup,
        Actor = "agent-" + (i % 7),
        Roles = [CustomerDataRoles.Agent],
        EntityType = "customer",
        EntityId = "cust-" + i,
        Fields = [CustomerFields.DisplayName, CustomerFields.Email],
        Outcome = AuditOutcome.Succeeded,
        CorrelationId = "corr-" + i,
        Details = new Dictionary<string, string> { ["matches"] = (i % 4).ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    public static ClaimsPrincipal User(params string[] roles) => Access.CustomerDataAccessPolicyTests.User(roles);

    public async ValueTask DisposeAsync()
    {
        Log.Dispose();
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still mapped by the OS is left to the temp cleaner rather than failing the test.
        }
    }
}
