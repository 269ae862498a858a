using System.Security.Claims;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Security;
using CallCrm.Connectors.Security.Access;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CallCrm.Connectors.Security.Tests.Access;

public sealed class CustomerDataAccessPolicyTests
{
    private static readonly CustomerProfile Customer = new()
    {
        Id = "cust-42",
        DisplayName = "Jane Doe",
        FirstName = "Jane",
        LastName = "Doe",
        Company = "Contoso",
        Email = "jane.doe@example.com",
        PhoneNumbers = [new PhoneNumber("+86 138 0013 8000", "+8613800138000")],
        Language = "zh-CN",
        Owner = "owner-7",
        Tags = [new CustomerTag("vip"), new CustomerTag("language", "zh-CN")],
        LastActivityAt = Instant.FromUtc(2026, 3, 1, 9, 0),
        CustomFields = new Dictionary<string, string> { ["loyaltyTier"] = "gold", ["nationalId"] = "110101199003074514" },
    };

    private static readonly CustomerMatch Match = new(
        Customer,
        [new TicketSummary { Id = "T-1", Subject = "Refund", CreatedAt = Instant.FromUtc(2026, 2, 1, 0, 0) }],
        [new CallRecord
        {
            SourceSystem = "twilio",
            SourceId = "CA1",
            From = new PhoneNumber("+8613800138000", "+8613800138000"),
            To = new PhoneNumber("+18005551212", "+18005551212"),
            RecordingUrl = new Uri("https://example.invalid/rec/1"),
        }]);

    private readonly CustomerDataAccessPolicy policy = CustomerDataAccessPolicy.CreateDefault();

    internal static ClaimsPrincipal User(params string[] roles) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "user-1"), .. roles.Select(r => new Claim(ClaimTypes.Role, r))],
        authenticationType: "test"));

    [Test]
    public void Filter_Agent_SeesBasicProfileTagsAndTicketsWithContactDetailsMasked()
    {
        var filtered = policy.Filter(User(CustomerDataRoles.Agent), Match);

        filtered.Customer.DisplayName.Should().Be("Jane Doe");
        filtered.Customer.Company.Should().Be("Contoso");
        filtered.Customer.Email.Should().Be("j***@e***.com");
        filtered.Customer.PhoneNumbers.Should().ContainSingle().Which.Should().Be(new PhoneNumber("+***********00"));
        filtered.Customer.PhoneNumbers[0].E164.Should().BeNull("a masked number must not be dialable");
        filtered.Customer.Tags.Should().HaveCount(2);
        filtered.Customer.CustomFields.Should().BeEmpty();
        filtered.RecentTickets.Should().ContainSingle();
        filtered.RecentCalls.Should().BeEmpty("agents may not read recent calls by default");
    }

    [Test]
    public void Filter_Supervisor_SeesCallsWithMaskedNumbersAndMaskedCustomFields()
    {
        var filtered = policy.Filter(User(CustomerDataRoles.Supervisor), Match);

        filtered.Customer.Email.Should().Be("jane.doe@example.com");
        filtered.Customer.CustomFields.Should().Equal(new Dictionary<string, string> { ["loyaltyTier"] = "g***", ["nationalId"] = "1***" });
        var call = filtered.RecentCalls.Should().ContainSingle().Subject;
        call.From.Raw.Should().Be("+***********00");
        call.From.E164.Should().BeNull();
        call.RecordingUrl.Should().NotBeNull();
    }

    [Test]
    public void Filter_Manager_SeesEverythingUnmasked()
    {
        var filtered = policy.Filter(User(CustomerDataRoles.Manager), Match);

        filtered.Customer.Should().BeEquivalentTo(Customer);
        filtered.RecentCalls.Should().BeEquivalentTo(Match.RecentCalls);
        policy.CanRead(User(CustomerDataRoles.Manager), DataView.Reports).Should().BeTrue();
        policy.CanRead(User(CustomerDataRoles.Manager), DataView.Aggregates).Should().BeTrue();
        policy.CanRead(User(CustomerDataRoles.Agent), DataView.Reports).Should().BeFalse();
    }

    [Test]
    public void Filter_Auditor_SeesMaskedNamesAndMayReadTheAuditLog()
    {
        var user = User(CustomerDataRoles.Auditor);

        var filtered = policy.Filter(user, Customer);

        filtered.DisplayName.Should().Be("J***");
        filtered.Language.Should().BeNull();
        policy.CanRead(user, DataView.Audit).Should().BeTrue();
        policy.CanRead(User(CustomerDataRoles.Manager), DataView.Audit).Should().BeFalse();
    }

    [Test]
    public void Filter_LeavesTheOriginalUntouched()
    {
        _ = policy.Filter(User(CustomerDataRoles.Agent), Customer);

        Customer.Email.Should().Be("jane.doe@example.com");
        Customer.CustomFields.Should().HaveCount(2);
    }

    [Test]
    public void EnsureCanRead_UnauthenticatedPrincipalWithRoleClaim_ThrowsAccessDenied()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, CustomerDataRoles.Manager)]));

        var act = () => policy.EnsureCanRead(anonymous, DataView.Profile);

        act.Should().Throw<ConnectorException>().Which.Code.Should().Be(ConnectorErrorCode.AccessDenied);
        policy.Resolve(anonymous).IsDenied.Should().BeTrue();
    }

    [Test]
    public void Filter_UnknownRole_ThrowsAccessDeniedNamingTheViewNotTheUser()
    {
        var act = () => policy.Filter(User("Janitor"), Customer);

        var error = act.Should().Throw<ConnectorException>().Which;
        error.Code.Should().Be(ConnectorErrorCode.AccessDenied);
        error.Message.Should().Contain("Profile").And.NotContain("user-1");
    }

    [Test]
    public void Resolve_SeveralRoles_GrantsTheUnionAndTheMostPerField()
    {
        var access = policy.Resolve(User(CustomerDataRoles.Agent, CustomerDataRoles.Auditor, "Janitor"));

        access.Roles.Should().Equal(CustomerDataRoles.Agent, CustomerDataRoles.Auditor);
        access.CanRead(DataView.Tickets).Should().BeTrue();
        access.CanRead(DataView.Audit).Should().BeTrue();
        access.GetFieldAccess(CustomerFields.DisplayName).Should().Be(FieldAccess.Visible);
    }

    [Test]
    public void Filter_LookupResult_FiltersEveryMatch()
    {
        var result = policy.Filter(User(CustomerDataRoles.Agent), new CustomerLookupResult([Match, Match]));

        result.Matches.Should().HaveCount(2).And.OnlyContain(m => m.Customer.Email == "j***@e***.com");
    }

    [Test]
    public void AddCallCrmCustomerDataAccess_FluentRole_ReplacesDefaultsAndReadsConfiguredClaimType()
    {
        using var provider = new ServiceCollection()
            .AddCallCrmCustomerDataAccess(access => access
                .UseRoleClaimType("roles")
                .Role("TeamLead", role => role.CanRead(DataView.Profile).Show(CustomerFields.DisplayName).Mask(CustomerFields.Email)
                    .CustomField("loyaltyTier", FieldAccess.Visible))
                .ExtendRole(CustomerDataRoles.Agent, role => role.Hide(CustomerFields.Company)))
            .BuildServiceProvider();
        var configured = provider.GetRequiredService<ICustomerDataAccessPolicy>();
        var lead = new ClaimsPrincipal(new ClaimsIdentity([new Claim("roles", "teamlead")], "test"));

        var filtered = configured.Filter(lead, Customer);

        filtered.DisplayName.Should().Be("Jane Doe");
        filtered.Email.Should().Be("j***@e***.com");
        filtered.Company.Should().BeNull();
        filtered.Tags.Should().BeEmpty("the role may not read tags");
        filtered.CustomFields.Should().Equal(new Dictionary<string, string> { ["loyaltyTier"] = "gold" });
        configured.Filter(new ClaimsPrincipal(new ClaimsIdentity([new Claim("roles", "Agent")], "test")), Customer).Company.Should().BeNull();
        configured.CanRead(User(CustomerDataRoles.Manager), DataView.Profile).Should().BeFalse("roles now come from the 'roles' claim");
    }

    [Test]
    public void AddCallCrmCustomerDataAccess_Configuration_BindsRolesAndValidatesFieldNames()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Access:IncludeDefaultRoles"] = "false",
            ["Access:Roles:Billing:Views:0"] = "Profile",
            ["Access:Roles:Billing:Views:1"] = "Reports",
            ["Access:Roles:Billing:Fields:Company"] = "Visible",
            ["Access:Roles:Billing:Fields:Email"] = "Masked",
        }).Build();
        using var provider = new ServiceCollection().AddCallCrmCustomerDataAccess(configuration.GetSection("Access")).BuildServiceProvider();
        var configured = provider.GetRequiredService<ICustomerDataAccessPolicy>();

        var filtered = configured.Filter(User("billing"), Customer);

        filtered.Company.Should().Be("Contoso");
        filtered.Email.Should().Be("j***@e***.com");
        filtered.DisplayName.Should().BeNull();
        configured.CanRead(User(CustomerDataRoles.Manager), DataView.Profile).Should().BeFalse();

        var typo = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Access:Roles:Billing:Fields:Emial"] = "Visible",
        }).Build();
        using var bad = new ServiceCollection().AddCallCrmCustomerDataAccess(typo.GetSection("Access")).BuildServiceProvider();
        var act = () => bad.GetRequiredService<IOptions<CustomerDataAccessOptions>>().Value;
        act.Should().Throw<OptionsValidationException>().WithMessage("*Emial*");
    }
}
