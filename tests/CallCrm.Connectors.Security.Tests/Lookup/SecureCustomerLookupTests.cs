using System.Diagnostics;
using System.Security.Claims;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.Security.Lookup;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Security.Tests.Audit;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Testing;
using CallCrm.Connectors.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace CallCrm.Connectors.Security.Tests.Lookup;

/// <summary>The secured lookup over the in-memory reference CRM, with its audit log in a real SQLite file, wired through DI.</summary>
public sealed class SecureCustomerLookupTests
{
    private const string E164 = "+8613800138000";
    private const string National = "138 0013 8000";
    private const string Email = "jane.doe@example.com";
    private const string OtherE164 = "+8613900139000";

    private static readonly string[] RawForms = [E164, National, "13800138000", "8613800138000", "+86 138 0013 8000", Email, OtherE164, "13900139000"];

    private string directory = null!;
    private ServiceProvider services = null!;
    private InMemoryCrm crm = null!;
    private FakeTimeProvider time = null!;

    private SecureCustomerLookup Lookup => services.GetRequiredService<SecureCustomerLookup>();

    private IAuditLog AuditLog => services.GetRequiredService<IAuditLog>();

    [SetUp]
    public async Task SetUp()
    {
        directory = Path.Combine(Path.GetTempPath(), "callcrm-lookup-" + Guid.NewGuid().ToString("N"));
        time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        crm = new InMemoryCrm();
        crm.AddCustomer(new CustomerProfile
        {
            Id = "cust-42",
            DisplayName = "Jane Doe",
            Company = "Contoso",
            Email = Email,
            PhoneNumbers = [new PhoneNumber("+86 138 0013 8000", E164)],
            Tags = [new CustomerTag("VIP")],
            CustomFields = new Dictionary<string, string> { ["loyaltyTier"] = "gold" },
            ModifiedAt = now - Duration.FromDays(2),
            LastActivityAt = now - Duration.FromDays(1),
        });
        crm.AddTicket("cust-42", new TicketSummary { Id = "T-1", Subject = "Refund", CreatedAt = now - Duration.FromDays(10) });
        await new InMemoryCrmSink(crm).WriteAsync(
        [
            new CallRecord
            {
                SourceSystem = "pbx",
                SourceId = "call-1",
                From = new PhoneNumber(E164, E164),
                To = new PhoneNumber(OtherE164, OtherE164),
                StartedAt = now - Duration.FromDays(3),
                RecordingUrl = new Uri("https://recordings.example.invalid/call-1"),
            },
        ]);

        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddSqliteStateStore(o => o.DataSource = Path.Combine(directory, "state.db"));
        collection.AddCallCrmAuditLog(o => o.SealingKey = new Secret(AuditTestDatabase.SealingKey));
        collection.Configure<PhoneNumberNormalizerOptions>(o => o.DefaultRegion = "CN");
        collection.AddSingleton<ICustomerLookup>(new InMemoryCustomerLookup(crm));
        collection.AddCallCrmSecureCustomerLookup(o => o.HistoryWindow = TimeSpan.FromDays(30));
        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        services.GetRequiredService<IStartupValidator>().Validate();
        await services.GetRequiredService<SqliteStateStore>().InitializeAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp cleaner rather than failing the test.
        }
    }

    [Test]
    public async Task FindByPhoneAsync_AgentWithNationalNumber_GetsMaskedCardWithoutCallsAndTheReadIsAudited()
    {
        using var activity = new Activity("screen-pop").SetIdFormat(ActivityIdFormat.W3C).Start();

        var result = await Lookup.FindByPhoneAsync(User(CustomerDataRoles.Agent), National);

        var match = result.Matches.Should().ContainSingle().Subject;
        match.Customer.DisplayName.Should().Be("Jane Doe");
        match.Customer.Email.Should().Be("j***@e***.com");
        match.Customer.PhoneNumbers.Should().ContainSingle().Which.E164.Should().BeNull("an agent sees the number masked");
        match.Customer.CustomFields.Should().BeEmpty();
        match.RecentTickets.Should().ContainSingle();
        match.RecentCalls.Should().BeEmpty("agents may not read recent calls");

        var entry = (await ReadAllAsync()).Should().ContainSingle().Subject.Entry;
        entry.Operation.Should().Be(AuditOperations.CustomerLookup);
        entry.Actor.Should().Be("user-1");
        entry.Roles.Should().Equal(CustomerDataRoles.Agent);
        entry.Outcome.Should().Be(AuditOutcome.Succeeded);
        entry.EntityType.Should().Be(SecureCustomerLookup.EntityType);
        entry.EntityId.Should().Be(services.GetRequiredService<AuditPseudonymizer>().Pseudonymize(E164)).And.StartWith("hmac:");
        entry.CorrelationId.Should().Be(activity.TraceId.ToHexString());
        entry.Fields.Should().BeEquivalentTo(
            CustomerFields.DisplayName, CustomerFields.Company, CustomerFields.Email, CustomerFields.PhoneNumbers,
            CustomerFields.LastActivityAt, CustomerFields.ModifiedAt, nameof(DataView.Tags), nameof(DataView.Tickets));
        entry.Details.Should().Contain("customerIds", "cust-42").And.Contain("matches", "1").And.Contain("provider", "in-memory-lookup");
        entry.Details["masked"].Split(',').Should().BeEquivalentTo(CustomerFields.Email, CustomerFields.PhoneNumbers);
    }

    [Test]
    public async Task FindByPhoneAsync_Manager_GetsEverythingAndTheAuditSaysWhichFieldsWereRead()
    {
        var result = await Lookup.FindByPhoneAsync(User(CustomerDataRoles.Manager), E164);

        var match = result.Matches.Should().ContainSingle().Subject;
        match.Customer.Email.Should().Be(Email);
        match.Customer.PhoneNumbers.Should().ContainSingle().Which.E164.Should().Be(E164);
        match.Customer.CustomFields.Should().Contain("loyaltyTier", "gold");
        var call = match.RecentCalls.Should().ContainSingle().Subject;
        call.RecordingUrl.Should().NotBeNull();

        var entry = (await ReadAllAsync()).Should().ContainSingle().Subject.Entry;
        entry.Roles.Should().Equal(CustomerDataRoles.Manager);
        entry.Fields.Should().Contain([nameof(DataView.RecentCalls), CustomerFields.RecordingUrl, "custom:loyaltyTier", CustomerFields.Email]);
        entry.Details.Should().NotContainKey("masked");
    }

    [Test]
    public async Task FindByPhoneAsync_CallWithoutKnownRoleOrUnauthenticated_IsDeniedBeforeTheCrmIsAskedAndTheDenialIsAudited()
    {
        // A CRM that fails would turn an unchecked call into SERVICE_UNAVAILABLE instead of ACCESS_DENIED.
        crm.Fault = BackendFault.ServiceUnavailable;
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, CustomerDataRoles.Manager)]));

        foreach (var caller in new[] { User("Intern"), anonymous })
        {
            var act = async () => await Lookup.FindByPhoneAsync(caller, E164);
            (await act.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.AccessDenied);
        }

        var entries = (await ReadAllAsync()).Select(r => r.Entry).ToList();
        entries.Should().HaveCount(2).And.OnlyContain(e => e.Outcome == AuditOutcome.Denied && e.Operation == AuditOperations.CustomerLookup);
        entries.Select(e => e.Actor).Should().Equal("user-1", "(anonymous)");
        entries.Should().OnlyContain(e => e.EntityId == services.GetRequiredService<AuditPseudonymizer>().Pseudonymize(E164) && e.Fields.Count == 0);
    }

    [Test]
    public async Task FindByPhoneAsync_CrmFails_ThrowsItsErrorAndAuditsTheFailure()
    {
        crm.Fault = BackendFault.ServiceUnavailable;

        var act = async () => await Lookup.FindByPhoneAsync(User(CustomerDataRoles.Supervisor), E164);

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.ServiceUnavailable);
        var entry = (await ReadAllAsync()).Should().ContainSingle().Subject.Entry;
        entry.Outcome.Should().Be(AuditOutcome.Failed);
        entry.Roles.Should().Equal(CustomerDataRoles.Supervisor);
        entry.Details.Should().Contain("error", ConnectorErrorCode.ServiceUnavailable.Value);
    }

    [Test]
    public async Task FindByPhoneAsync_WithheldNumber_FindsNobodyWithoutAskingTheCrmAndIsAudited()
    {
        crm.Fault = BackendFault.ServiceUnavailable;

        var result = await Lookup.FindByPhoneAsync(User(CustomerDataRoles.Agent), "anonymous");

        result.IsNewCaller.Should().BeTrue();
        var entry = (await ReadAllAsync()).Should().ContainSingle().Subject.Entry;
        entry.Outcome.Should().Be(AuditOutcome.Succeeded);
        entry.Details.Should().Contain("matches", "0").And.Contain("number", nameof(PhoneNumberStatus.Anonymous));
    }

    [Test]
    public async Task FindByPhoneAsync_NotAPhoneNumber_ThrowsInvalidPhoneNumberAndAuditsTheFailure()
    {
        var act = async () => await Lookup.FindByPhoneAsync(User(CustomerDataRoles.Agent), "12");

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.InvalidPhoneNumber);
        var entry = (await ReadAllAsync()).Should().ContainSingle().Subject.Entry;
        entry.Outcome.Should().Be(AuditOutcome.Failed);
        entry.Details.Should().Contain("error", ConnectorErrorCode.InvalidPhoneNumber.Value);
    }

    [Test]
    public async Task FindByPhoneAsync_ManyReadsOfEveryKind_NoStoredAuditRowHoldsARawNumberOrEmailAndTheChainVerifies()
    {
        string[] roles = [CustomerDataRoles.Agent, CustomerDataRoles.Supervisor, CustomerDataRoles.Manager, CustomerDataRoles.Auditor, "Intern"];
        string[] spellings = [E164, National, "+86 138 0013 8000", "tel:+8613800138000", OtherE164, "13900139000"];
        foreach (var role in roles)
        {
            foreach (var spelling in spellings)
            {
                try
                {
                    await Lookup.FindByPhoneAsync(User(role), spelling);
                }
                catch (ConnectorException ex) when (ex.Code.Is(ConnectorErrorCode.AccessDenied))
                {
                    // Interns are refused: the refusal is an audited read attempt too.
                }
            }
        }

        var rows = new List<AuditLogRow>();
        await foreach (var row in services.GetRequiredService<IConnectorStateStore>().AuditLog.ReadAsync())
        {
            rows.Add(row);
        }

        rows.Should().HaveCount(roles.Length * spellings.Length);
        foreach (var row in rows)
        {
            foreach (var raw in RawForms)
            {
                row.Content.Should().NotContain(raw);
            }
        }

        // Every spelling of one number gives one pseudonym: an auditor can follow a number through the log.
        rows.Select(r => r.Content).Count(c => c.Contains(services.GetRequiredService<AuditPseudonymizer>().Pseudonymize(E164)!, StringComparison.Ordinal))
            .Should().Be(roles.Length * 4);
        var verdict = await AuditLog.VerifyAsync();
        verdict.IsValid.Should().BeTrue(verdict.Message);
        verdict.EntriesVerified.Should().Be(rows.Count);
    }

    [Test]
    public void AddCallCrmSecureCustomerLookup_WithoutDefaultRegionOrWithBadLimits_FailsAtStart()
    {
        var collection = new ServiceCollection();
        collection.AddSqliteStateStore(o => o.DataSource = Path.Combine(directory, "other.db"));
        collection.AddCallCrmAuditLog(o => o.SealingKey = new Secret(AuditTestDatabase.SealingKey));
        collection.AddSingleton<ICustomerLookup>(new InMemoryCustomerLookup(crm));
        collection.AddCallCrmSecureCustomerLookup(o => o.MaxCandidates = 0);
        using var provider = collection.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<AggregateException>().Which.InnerExceptions.Select(e => e.Message)
            .Should().Contain(m => m.Contains("DefaultRegion", StringComparison.Ordinal))
            .And.Contain(m => m.Contains("MaxCandidates", StringComparison.Ordinal));
    }

    private static ClaimsPrincipal User(params string[] roles) => AuditTestDatabase.User(roles);

    /// <summary>Reads the lookup entries back as an auditor does (that read is itself audited, and left out here).</summary>
    private async Task<List<AuditRecord>> ReadAllAsync()
    {
        var records = new List<AuditRecord>();
        await foreach (var record in AuditLog.ReadAsync(User(CustomerDataRoles.Auditor)))
        {
            if (record.Entry.Operation != AuditOperations.AuditRead)
            {
                records.Add(record);
            }
        }

        return records;
    }
}
