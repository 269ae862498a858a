using System.Security.Claims;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.ScreenPop;
using CallCrm.Connectors.Security;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Testing.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CallCrm.Connectors.Hosting.Tests;

/// <summary><see cref="CallCrmConnectorsBuilder.AddScreenPop(Action{ScreenPopOptions})"/>: screen-pop wired by the builder, over an
/// in-memory CRM and the SQLite state file, its cache invalidated by the streams' writes.</summary>
public sealed class CallCrmConnectorsBuilderScreenPopTests : HostFixture
{
    private const string SealingKey = "hosting-screenpop-test-sealing-key-0123456789";
    private const string AliceNumber = "+8613800138000";
    private const string BobNumber = "+8613900139000";

    private CountingCustomerLookup lookup = null!;

    [SetUp]
    public void SeedCrm()
    {
        lookup = new CountingCustomerLookup(new InMemoryCustomerLookup(Crm));
        var now = Instant.FromDateTimeOffset(Start);
        foreach (var (id, name, number) in new[] { ("alice", "Alice Wang", AliceNumber), ("bob", "Bob Li", BobNumber) })
        {
            Crm.AddCustomer(new CustomerProfile
            {
                Id = id,
                DisplayName = name,
                Email = id + "@example.com",
                PhoneNumbers = [new PhoneNumber(number, number)],
                LastActivityAt = now - Duration.FromDays(1),
                ModifiedAt = now - Duration.FromDays(1),
            });
        }
    }

    [Test]
    public async Task AddScreenPop_LookupsByRole_FilteredByRoleAndAudited()
    {
        using var host = NewScreenPopHost(c => c.AddScreenPop(o => o.Region = "CN"));
        await host.StartAsync();
        var screenPop = host.Services.GetRequiredService<IScreenPopService>();

        var agentCard = await screenPop.LookupAsync("138 0013 8000", User(CustomerDataRoles.Agent));
        var supervisorCard = await screenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Supervisor));

        agentCard.Kind.Should().Be(ScreenPopCardKind.Customer);
        agentCard.Matches.Single().Customer.Id.Should().Be("alice");
        agentCard.Matches[0].Customer.Email.Should().NotBe("alice@example.com", "an agent sees contact details masked");
        supervisorCard.Matches.Single().Customer.Email.Should().Be("alice@example.com");
        lookup.CallsFor(AliceNumber).Should().Be(1, "both roles are served from one CRM answer");
        var audit = await ReadLookupAuditAsync(host);
        audit.Select(e => e.EntityId).Should().Equal("alice", "alice");
        audit.Should().OnlyContain(e => e.Outcome == AuditOutcome.Succeeded);
        (await host.Services.GetRequiredService<IAuditLog>().VerifyAsync()).IsValid.Should().BeTrue();
        await host.StopAsync();
    }

    [Test]
    public async Task AddScreenPop_CallerWithoutProfileView_IsDeniedAndTheDenialAudited()
    {
        using var host = NewScreenPopHost(c => c.AddScreenPop(o => o.Region = "CN"));
        await host.StartAsync();
        var screenPop = host.Services.GetRequiredService<IScreenPopService>();

        var lookupAsNobody = async () => await screenPop.LookupAsync(AliceNumber, User());

        (await lookupAsNobody.Should().ThrowAsync<Errors.ConnectorException>()).Which.Code.Is(Errors.ConnectorErrorCode.AccessDenied).Should().BeTrue();
        lookup.CallsFor(AliceNumber).Should().Be(0, "nothing is read for a caller who may not see it");
        (await ReadLookupAuditAsync(host)).Single().Outcome.Should().Be(AuditOutcome.Denied);
        await host.StopAsync();
    }

    [Test]
    public async Task StartAsync_InvalidScreenPopOptions_FailsWithTheValidatorsMessage()
    {
        using var host = NewScreenPopHost(c => c.AddScreenPop(o =>
        {
            o.Region = "Atlantis";
            o.TimeToLive = TimeSpan.Zero;
        }));

        var start = async () => await host.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.OptionsType.Should().Be<ScreenPopOptions>();
        failure.Message.Should().Contain("ScreenPopOptions.Region must be an ISO 3166-1 alpha-2 region").And.Contain("ScreenPopOptions.TimeToLive must be positive");
    }

    [Test]
    public async Task StartAsync_NoAuditSealingKey_FailsNamingTheSettingWithoutMakingOneUp()
    {
        using var host = NewScreenPopHost(c => c.AddScreenPop(o => o.Region = "CN"), sealingKey: null);

        var start = async () => await host.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.OptionsType.Should().Be<AuditLogOptions>();
        failure.Message.Should().Contain("Screen-pop audits every lookup").And.Contain("set CallCrm:Security:Audit:SealingKey")
            .And.Contain("services.AddCallCrmAuditLog(");
    }

    [Test]
    public async Task StartAsync_NoCustomerLookup_FailsSayingHowToRegisterOne()
    {
        var builder = NewHostBuilder(c => c.AddScreenPop(o => o.Region = "CN"));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["CallCrm:Security:Audit:SealingKey"] = SealingKey });
        using var host = builder.Build();

        var start = async () => await host.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Message.Should().Contain("Screen-pop reads customers through an ICustomerLookup, and none is registered")
            .And.Contain("services.AddHubSpotCrm(...)");
    }

    [Test]
    public async Task AddScreenPop_AuditLogRegisteredByTheApplication_KeepsItsOptions()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddSingleton<ICustomerLookup>(lookup);
        // A value in the conventional section that this application does not use: binding it would fail the start (too short).
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["CallCrm:Security:Audit:SealingKey"] = "short" });
        builder.Services.AddCallCrmAuditLog(o => o.SealingKey = new Secret(SealingKey));
        builder.Services.AddCallCrmConnectors(callcrm => callcrm
            .UseSqliteStateStore(o => o.DataSource = StatePath)
            .AddScreenPop(o => o.Region = "CN"));
        using var host = builder.Build();
        await host.StartAsync();

        var card = await host.Services.GetRequiredService<IScreenPopService>().LookupAsync(AliceNumber, User(CustomerDataRoles.Agent));

        card.Kind.Should().Be(ScreenPopCardKind.Customer);
        host.Services.GetRequiredService<IOptions<AuditLogOptions>>().Value.SealingKey!.Reveal().Should().Be(SealingKey);
        (await ReadLookupAuditAsync(host)).Should().ContainSingle();
        await host.StopAsync();
    }

    [Test]
    public async Task CallLogStream_WritesACallForACustomer_DropsThatCustomersCardOnly()
    {
        CallSystem.AddCall(new CallRecord
        {
            SourceSystem = "test",
            SourceId = "CA-alice",
            StartedAt = Instant.FromDateTimeOffset(Start - TimeSpan.FromMinutes(1)),
            Status = CallStatus.Completed,
            From = new PhoneNumber(AliceNumber, AliceNumber),
            To = new PhoneNumber("+861062345678", "+861062345678"),
            CustomerReference = "alice",
        });
        using var host = NewScreenPopHost(c => c
            .AddCallLogStream("calls", "calls", "crm")
            .Configure(o => o.RunStreams = false)
            .AddScreenPop(o => o.Region = "CN"));
        await host.StartAsync();
        var screenPop = host.Services.GetRequiredService<IScreenPopService>();
        var supervisor = User(CustomerDataRoles.Supervisor);
        (await screenPop.LookupAsync(AliceNumber, supervisor)).Matches[0].RecentCalls.Should().BeEmpty();
        await screenPop.LookupAsync(BobNumber, supervisor);
        var streams = host.Services.GetRequiredService<ConnectorStreams>();
        await streams.InitializeAsync();

        var report = await streams.GetCallLogStream("calls").RunOnceAsync();
        var alice = await screenPop.LookupAsync(AliceNumber, supervisor);
        await screenPop.LookupAsync(BobNumber, supervisor);

        report.Written.Should().Be(1);
        lookup.CallsFor(AliceNumber).Should().Be(2, "the written call dropped Alice's card, so the CRM is read again");
        alice.Matches[0].RecentCalls.Select(c => c.SourceId).Should().Equal("CA-alice");
        lookup.CallsFor(BobNumber).Should().Be(1, "Bob's card is untouched by Alice's call");
        await host.StopAsync();
    }

    [Test]
    public async Task TagStream_PushesACustomersTags_DropsThatCustomersCardOnly()
    {
        using var host = NewScreenPopHost(c => c
            .AddCustomerSource("crm-customers", _ => new InMemoryCustomerSource(Crm))
            .AddCallSystemSink("call-system", _ => new InMemoryCallSystemSink(CallSystem))
            .AddTagStream("tags", "crm-customers", "call-system")
            .Configure(o => o.RunStreams = false)
            .AddScreenPop(o => o.Region = "CN"));
        await host.StartAsync();
        var screenPop = host.Services.GetRequiredService<IScreenPopService>();
        var streams = host.Services.GetRequiredService<ConnectorStreams>();
        await streams.InitializeAsync();
        await streams.GetTagStream("tags").RunOnceAsync(); // pushes both customers' (empty) tag sets once
        await screenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Agent));
        await screenPop.LookupAsync(BobNumber, User(CustomerDataRoles.Agent));
        Crm.AddCustomer(Crm.Customers.Single(c => c.Id == "alice") with
        {
            Tags = [new CustomerTag("vip")],
            ModifiedAt = Instant.FromDateTimeOffset(Start),
        });
        Time.Advance(TimeSpan.FromSeconds(5));

        await streams.GetTagStream("tags").RunOnceAsync();
        var alice = await screenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Agent));
        await screenPop.LookupAsync(BobNumber, User(CustomerDataRoles.Agent));

        alice.Matches[0].Customer.Tags.Should().Contain(new CustomerTag("vip"));
        lookup.CallsFor(AliceNumber).Should().Be(2, "the pushed tag set dropped Alice's card");
        lookup.CallsFor(BobNumber).Should().Be(1);
        await host.StopAsync();
    }

    [Test]
    public async Task AddScreenPop_SectionOfTheBoundConfiguration_UsesItsOptions()
    {
        var settings = new Dictionary<string, string?>
        {
            ["CallCrm:RunStreams"] = "false",
            ["CallCrm:ScreenPop:Region"] = "CN",
            ["CallCrm:ScreenPop:CrmDisplayName"] = "Acme CRM",
            ["CallCrm:ScreenPop:TimeToLive"] = "00:10:00",
            ["CallCrm:ScreenPop:StaleWhileRevalidate"] = "00:00:00",
            ["CallCrm:Security:Audit:SealingKey"] = SealingKey,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = NewHostBuilder(c => c.BindConfiguration(configuration.GetSection("CallCrm")).AddScreenPop(configuration.GetSection("CallCrm:ScreenPop")));
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddSingleton<ICustomerLookup>(lookup);
        using var host = builder.Build();
        await host.StartAsync();
        var screenPop = host.Services.GetRequiredService<IScreenPopService>();

        var first = await screenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Agent));
        Time.Advance(TimeSpan.FromMinutes(9));
        await screenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Agent));
        Time.Advance(TimeSpan.FromMinutes(2));
        await screenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Agent));

        first.CrmName.Should().Be("Acme CRM");
        lookup.CallsFor(AliceNumber).Should().Be(2, "the card lives the configured 10 minutes, not the default 1");
        await host.StopAsync();
    }

    [Test]
    public async Task BindConfiguration_ScreenPopSectionButScreenPopNotAdded_FailsAtStartNamingTheCall()
    {
        // Hosting does not reference ScreenPop, so it cannot add it from the section; it must not start without it silently.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CallCrm:RunStreams"] = "false",
            ["CallCrm:ScreenPop:Region"] = "CN",
        }).Build();
        using var host = NewHostBuilder(c => c.BindConfiguration(configuration.GetSection("CallCrm"))).Build();

        var start = async () => await host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should()
            .Contain("CallCrm:ScreenPop section").And.Contain(".AddScreenPop(configuration.GetSection(\"CallCrm:ScreenPop\"))");
    }

    [Test]
    public async Task AddScreenPop_FromConfigurationSection_InvalidValueFailsAtStart()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ScreenPop:Region"] = "CN",
            ["ScreenPop:HistoryMonths"] = "0",
        }).Build();
        using var host = NewScreenPopHost(c => c.AddScreenPop(configuration.GetSection("ScreenPop")));

        var start = async () => await host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("ScreenPopOptions.HistoryMonths must be between 1 and 60");
    }

    private static ClaimsPrincipal User(params string[] roles) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "agent-7"), .. roles.Select(r => new Claim(ClaimTypes.Role, r))],
        authenticationType: "test"));

    private static async Task<List<AuditEntry>> ReadLookupAuditAsync(IHost host)
    {
        var log = host.Services.GetRequiredService<IAuditLog>();
        await log.FlushAsync();
        var entries = new List<AuditEntry>();
        await foreach (var record in log.ReadAsync(User(CustomerDataRoles.Auditor)))
        {
            // Reading the log is itself audited; only the lookups matter here.
            if (record.Entry.Operation == AuditOperations.CustomerLookup)
            {
                entries.Add(record.Entry);
            }
        }

        return entries;
    }

    /// <summary>The fixture's host with the counting lookup registered and the audit key set where a deployment keeps it: in the host's
    /// configuration (user secrets, environment variables), under <c>CallCrm:Security:Audit</c>.</summary>
    private IHost NewScreenPopHost(Action<CallCrmConnectorsBuilder> configure, string? sealingKey = SealingKey)
    {
        var builder = NewHostBuilder(configure);
        builder.Services.AddSingleton<ICustomerLookup>(lookup);
        if (sealingKey is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["CallCrm:Security:Audit:SealingKey"] = sealingKey });
        }

        return builder.Build();
    }
}
