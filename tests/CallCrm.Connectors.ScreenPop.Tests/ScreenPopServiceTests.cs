using System.Globalization;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using static CallCrm.Connectors.ScreenPop.Tests.ScreenPopTestHost;

namespace CallCrm.Connectors.ScreenPop.Tests;

[TestFixture]
public sealed class ScreenPopServiceTests
{
    private static readonly System.Security.Claims.ClaimsPrincipal Agent = User(CustomerDataRoles.Agent);
    private static readonly System.Security.Claims.ClaimsPrincipal Manager = User(CustomerDataRoles.Manager);

    [Test]
    public async Task LookupAsync_ThousandConcurrentLookupsOfUncachedNumber_OneCrmRequest()
    {
        await using var host = new ScreenPopTestHost();
        host.Lookup.Hold();

        var lookups = Enumerable.Range(0, 1000).Select(_ => host.ScreenPop.LookupAsync(AliceNumber, Agent).AsTask()).ToList();
        host.Lookup.Release();
        var cards = await Task.WhenAll(lookups);

        host.Lookup.Calls.Should().Be(1);
        cards.Should().OnlyContain(c => c.Kind == ScreenPopCardKind.Customer && c.Matches[0].Customer.Id == "alice");
    }

    [Test]
    public async Task LookupAsync_KnownNumberInNationalFormat_CustomerCardWithProfileTagsAndThreeMonthsOfTickets()
    {
        await using var host = new ScreenPopTestHost();

        var card = await host.ScreenPop.LookupAsync("138 0013 8000", Agent);

        card.Kind.Should().Be(ScreenPopCardKind.Customer);
        card.CallerE164.Should().Be(AliceNumber);
        card.IsStale.Should().BeFalse();
        card.Age.Should().Be(TimeSpan.Zero);
        card.GetUserMessage(CultureInfo.InvariantCulture).Should().BeNull();
        var alice = card.Matches.Should().ContainSingle().Subject;
        alice.Customer.DisplayName.Should().Be("Alice Wang");
        alice.Customer.Tags.Select(t => t.Name).Should().BeEquivalentTo(["vip", "language"]);
        alice.RecentTickets.Select(t => t.Id).Should().Equal("T-1");
        host.Lookup.LastRequest!.HistorySince.Should().Be(Instant.FromDateTimeOffset(Start.AddMonths(-3)));
        card.Actions.Should().ContainSingle().Which.Should().Be(new ScreenPopAction(ScreenPopActionKinds.Dial, "tel:" + AliceNumber));
    }

    [Test]
    public async Task LookupAsync_HistoryMonthsConfigured_RequestsThatWindow()
    {
        await using var host = new ScreenPopTestHost(o => o.HistoryMonths = 12);

        var card = await host.ScreenPop.LookupAsync(AliceNumber, Agent);

        host.Lookup.LastRequest!.HistorySince.Should().Be(Instant.FromDateTimeOffset(Start.AddMonths(-12)));
        card.Matches[0].RecentTickets.Select(t => t.Id).Should().Equal("T-1", "T-old");
    }

    [Test]
    public async Task LookupAsync_WithinTimeToLive_ServedFromCacheWithoutCrmRequest()
    {
        await using var host = new ScreenPopTestHost(o => o.TimeToLive = TimeSpan.FromMinutes(1));
        await host.ScreenPop.LookupAsync(AliceNumber, Agent);

        host.Time.Advance(TimeSpan.FromSeconds(59));
        var card = await host.ScreenPop.LookupAsync("+86 138 0013 8000", Agent);

        host.Lookup.Calls.Should().Be(1);
        card.IsStale.Should().BeFalse();
        card.Age.Should().Be(TimeSpan.FromSeconds(59));
        card.RetrievedAt.Should().Be(Start);
    }

    [Test]
    public async Task LookupAsync_AfterTimeToLiveWithinStaleWhileRevalidate_ServesStaleAtOnceAndRefreshesOnce()
    {
        await using var host = new ScreenPopTestHost(o => (o.TimeToLive, o.StaleWhileRevalidate) = (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)));
        await host.ScreenPop.LookupAsync(AliceNumber, Agent);
        host.Time.Advance(TimeSpan.FromMinutes(2));
        host.Lookup.Hold();

        var first = await host.ScreenPop.LookupAsync(AliceNumber, Agent);
        var second = await host.ScreenPop.LookupAsync(AliceNumber, Agent);

        first.IsStale.Should().BeTrue();
        first.Age.Should().Be(TimeSpan.FromMinutes(2));
        first.Error.Should().BeNull("a card served while it is refreshed is not an outage");
        second.RetrievedAt.Should().Be(Start);
        host.Lookup.Calls.Should().Be(2, "the two stale reads share one background refresh");

        host.Lookup.Release();
        // A pre-load joins the refresh under way (or finds its result), so the refresh has landed when it returns.
        (await host.ScreenPop.PreloadAsync(AliceNumber)).Should().BeTrue();
        var fresh = await host.ScreenPop.LookupAsync(AliceNumber, Agent);
        fresh.IsStale.Should().BeFalse();
        host.Lookup.Calls.Should().Be(2);
    }

    [Test]
    public async Task LookupAsync_BackgroundRefreshFails_KeepsServingStaleCardAndTriesAgain()
    {
        await using var host = new ScreenPopTestHost(o => (o.TimeToLive, o.StaleWhileRevalidate) = (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)));
        await host.ScreenPop.LookupAsync(AliceNumber, Agent);
        host.Crm.Fault = BackendFault.ServiceUnavailable;
        host.Time.Advance(TimeSpan.FromMinutes(2));

        var first = await host.ScreenPop.LookupAsync(AliceNumber, Agent);
        (await host.ScreenPop.PreloadAsync(AliceNumber)).Should().BeFalse("the refresh under way fails");
        var second = await host.ScreenPop.LookupAsync(AliceNumber, Agent);

        first.RetrievedAt.Should().Be(Start);
        second.RetrievedAt.Should().Be(Start);
        second.IsStale.Should().BeTrue();
        host.Lookup.Calls.Should().BeGreaterThanOrEqualTo(3, "a failed refresh is not cached: the next stale read refreshes again");
    }

    [Test]
    public async Task LookupAsync_CrmDownAfterStaleWhileRevalidate_ServesStaleCardWithItsAgeAndTheOutage()
    {
        await using var host = new ScreenPopTestHost(o => (o.TimeToLive, o.StaleWhileRevalidate, o.StaleIfError) =
            (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)));
        await host.ScreenPop.LookupAsync(AliceNumber, Agent);
        host.Crm.Fault = BackendFault.ServiceUnavailable;
        host.Time.Advance(TimeSpan.FromMinutes(10));

        var card = await host.ScreenPop.LookupAsync(AliceNumber, Agent);

        card.Kind.Should().Be(ScreenPopCardKind.Customer);
        card.Matches[0].Customer.Id.Should().Be("alice");
        card.IsStale.Should().BeTrue();
        card.Age.Should().Be(TimeSpan.FromMinutes(10));
        card.Error!.Code.Should().Be(ConnectorErrorCode.ServiceUnavailable);
        card.GetUserMessage(CultureInfo.GetCultureInfo("en")).Should().Be(
            "Acme CRM cannot be reached right now: this card was read 10 minutes ago and may be out of date.");
        card.GetUserMessage(CultureInfo.GetCultureInfo("zh-CN")).Should().Be("目前无法连接Acme CRM：此卡片读取于 10 分钟前，可能已过期。");
        host.Lookup.Calls.Should().Be(2);
    }

    [Test]
    public async Task LookupAsync_CrmDownPastStaleIfError_UnavailableCardWithFriendlyMessage()
    {
        await using var host = new ScreenPopTestHost(o => (o.TimeToLive, o.StaleWhileRevalidate, o.StaleIfError) =
            (TimeSpan.FromMinutes(1), TimeSpan.Zero, TimeSpan.FromMinutes(30)));
        await host.ScreenPop.LookupAsync(AliceNumber, Agent);
        host.Crm.Fault = BackendFault.ServiceUnavailable;
        host.Time.Advance(TimeSpan.FromMinutes(31));

        var card = await host.ScreenPop.LookupAsync(AliceNumber, Agent);

        card.Kind.Should().Be(ScreenPopCardKind.Unavailable);
        card.Matches.Should().BeEmpty();
        card.Error!.IsTransient.Should().BeTrue();
        card.GetUserMessage(CultureInfo.GetCultureInfo("en")).Should().Be(card.Error.GetUserMessage(CultureInfo.GetCultureInfo("en")))
            .And.Contain("Acme CRM");
    }

    [Test]
    public async Task LookupAsync_CrmUnreachableNothingCached_UnavailableCardNotNewCaller()
    {
        await using var host = new ScreenPopTestHost();
        host.Crm.Fault = BackendFault.Unreachable;

        var card = await host.ScreenPop.LookupAsync(UnknownNumber, Agent);

        card.Kind.Should().Be(ScreenPopCardKind.Unavailable, "an outage must never look like a new caller");
        card.Error!.Code.Should().Be(ConnectorErrorCode.Unreachable);
        card.CallerE164.Should().Be(UnknownNumber);
    }

    [Test]
    public async Task LookupAsync_CrmBackAfterOutage_ServesFreshCardAgain()
    {
        await using var host = new ScreenPopTestHost(o => o.StaleWhileRevalidate = TimeSpan.Zero);
        await host.ScreenPop.LookupAsync(AliceNumber, Agent);
        host.Crm.Fault = BackendFault.ServiceUnavailable;
        host.Time.Advance(TimeSpan.FromMinutes(2));
        (await host.ScreenPop.LookupAsync(AliceNumber, Agent)).IsStale.Should().BeTrue();

        host.Crm.Fault = BackendFault.None;
        var card = await host.ScreenPop.LookupAsync(AliceNumber, Agent);

        card.IsStale.Should().BeFalse();
        card.Error.Should().BeNull();
        card.RetrievedAt.Should().Be(Start.AddMinutes(2));
    }

    [Test]
    public async Task Invalidate_CachedNumber_NextLookupAsksTheCrm()
    {
        await using var host = new ScreenPopTestHost();
        await host.ScreenPop.LookupAsync(AliceNumber, Agent);

        host.Invalidator.Invalidate(AliceNumber).Should().BeTrue();
        await host.ScreenPop.LookupAsync(AliceNumber, Agent);

        host.Lookup.Calls.Should().Be(2);
        host.Invalidator.Invalidate(UnknownNumber).Should().BeFalse();
    }

    [Test]
    public async Task InvalidateCustomer_CustomerOnSharedNumber_DropsEveryCardShowingThem()
    {
        await using var host = new ScreenPopTestHost();
        await host.ScreenPop.LookupAsync(SharedNumber, Agent);
        await host.ScreenPop.LookupAsync(AliceNumber, Agent);

        host.Invalidator.InvalidateCustomer("carol").Should().Be(1);
        await host.ScreenPop.LookupAsync(SharedNumber, Agent);
        await host.ScreenPop.LookupAsync(AliceNumber, Agent);

        host.Lookup.Calls.Should().Be(3, "only the shared number's card showed carol");
    }

    [Test]
    public async Task Invalidate_WhileCrmRequestUnderWay_AnswerServedButNotCached()
    {
        await using var host = new ScreenPopTestHost();
        host.Lookup.Hold();
        var pending = host.ScreenPop.LookupAsync(AliceNumber, Agent).AsTask();

        host.Invalidator.InvalidateCustomer("alice");
        host.Lookup.Release();
        (await pending).Kind.Should().Be(ScreenPopCardKind.Customer);
        await host.ScreenPop.LookupAsync(AliceNumber, Agent);

        host.Lookup.Calls.Should().Be(2, "an answer requested before the change may predate it");
    }

    [Test]
    public async Task PreloadAsync_RingingCall_AnswerShowsCardWithoutAnotherCrmRequest()
    {
        await using var host = new ScreenPopTestHost();

        (await host.ScreenPop.PreloadAsync("+86 138-0013-8000")).Should().BeTrue();
        host.Time.Advance(TimeSpan.FromSeconds(8));
        var card = await host.ScreenPop.LookupAsync(AliceNumber, Agent);

        host.Lookup.Calls.Should().Be(1);
        card.Age.Should().Be(TimeSpan.FromSeconds(8));
        (await host.ReadAuditAsync()).Should().ContainSingle("a pre-load shows nobody anything, so only the answer is audited");
    }

    [Test]
    public async Task PreloadAsync_WithheldNumberOrCrmDown_ReturnsFalseWithoutThrowing()
    {
        await using var host = new ScreenPopTestHost();

        (await host.ScreenPop.PreloadAsync("anonymous")).Should().BeFalse();
        host.Crm.Fault = BackendFault.ServiceUnavailable;
        (await host.ScreenPop.PreloadAsync(AliceNumber)).Should().BeFalse();
    }

    [Test]
    public async Task LookupAsync_AgentAndManager_EachSeesOnlyWhatTheRoleMayFromOneCrmRequest()
    {
        await using var host = new ScreenPopTestHost();

        var agent = (await host.ScreenPop.LookupAsync(AliceNumber, Agent)).Matches[0];
        var manager = (await host.ScreenPop.LookupAsync(AliceNumber, Manager)).Matches[0];
        var agentAgain = (await host.ScreenPop.LookupAsync(AliceNumber, Agent)).Matches[0];

        host.Lookup.Calls.Should().Be(1);
        manager.Customer.Email.Should().Be("alice@example.com");
        manager.Customer.PhoneNumbers[0].E164.Should().Be(AliceNumber);
        agent.Customer.Email.Should().NotBe("alice@example.com").And.NotBeNull();
        agent.Customer.PhoneNumbers[0].E164.Should().BeNull("a masked number is not dialable");
        agent.Customer.PhoneNumbers[0].Raw.Should().NotContain("138001380");
        agent.RecentTickets.Should().NotBeEmpty();
        agentAgain.Customer.Email.Should().Be(agent.Customer.Email);
    }

    [Test]
    public async Task LookupAsync_RoleWithoutTickets_GetsNoTickets()
    {
        await using var host = new ScreenPopTestHost();

        var auditor = (await host.ScreenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Auditor))).Matches[0];

        auditor.RecentTickets.Should().BeEmpty();
        auditor.Customer.Tags.Should().NotBeEmpty();
    }

    [Test]
    public async Task LookupAsync_CallerWithoutKnownRole_ThrowsAccessDeniedAndAuditsTheDenial()
    {
        await using var host = new ScreenPopTestHost();

        var act = async () => await host.ScreenPop.LookupAsync(AliceNumber, User("Visitor"));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.AccessDenied);
        host.Lookup.Calls.Should().Be(0);
        var denied = (await host.ReadAuditAsync()).Should().ContainSingle().Subject.Entry;
        denied.Outcome.Should().Be(AuditOutcome.Denied);
    }

    [Test]
    public async Task LookupAsync_KnownNumber_AuditedOnSqliteWithPseudonymNeverTheRawNumber()
    {
        await using var host = new ScreenPopTestHost();

        await host.ScreenPop.LookupAsync("138 0013 8000", Agent);
        await host.ScreenPop.LookupAsync(SharedNumber, Manager);

        var records = await host.ReadAuditAsync();
        records.Should().HaveCount(2);
        var first = records[0].Entry;
        first.Actor.Should().Be("agent-7");
        first.Roles.Should().Equal(CustomerDataRoles.Agent);
        first.EntityId.Should().Be("alice");
        first.Outcome.Should().Be(AuditOutcome.Succeeded);
        first.Fields.Should().Equal("Profile", "Tags", "Tickets");
        first.Details["caller"].Should().Be(host.Provider.GetRequiredService<AuditPseudonymizer>().Pseudonymize(AliceNumber)).And.StartWith("hmac:");
        first.Details["source"].Should().Be("miss");
        records[1].Entry.Details["customers"].Should().Be("bob,carol");
        records.SelectMany(r => r.Entry.Details.Values.Append(r.Entry.EntityId ?? string.Empty))
            .Should().NotContain(v => v.Contains("13800138000", StringComparison.Ordinal) || v.Contains("62345678", StringComparison.Ordinal));
        (await host.AuditLog.VerifyAsync()).IsValid.Should().BeTrue();
    }

    [Test]
    public async Task LookupAsync_UnknownNumber_NewCallerCardWithCreateLeadAction()
    {
        await using var host = new ScreenPopTestHost();

        var card = await host.ScreenPop.LookupAsync(UnknownNumber, Agent);

        card.Kind.Should().Be(ScreenPopCardKind.NewCaller);
        card.Matches.Should().BeEmpty();
        card.Actions.Should().ContainEquivalentOf(new ScreenPopAction(ScreenPopActionKinds.CreateLead, "https://crm.example/leads/new?phone=%2B8613900139000"));
        card.GetUserMessage(CultureInfo.GetCultureInfo("en")).Should().Be("No customer in Acme CRM has this number. Create a lead to record the caller.");
        (await host.ReadAuditAsync()).Single().Entry.Details["matches"].Should().Be("0");
    }

    [Test]
    public async Task LookupAsync_NumberSharedByTwoCustomers_CandidatesMostRecentlyActiveFirst()
    {
        await using var host = new ScreenPopTestHost();

        var card = await host.ScreenPop.LookupAsync("010 6234 5678", Agent);

        card.Kind.Should().Be(ScreenPopCardKind.Candidates);
        card.Matches.Select(m => m.Customer.Id).Should().Equal("bob", "carol");
        card.GetUserMessage(CultureInfo.GetCultureInfo("zh-Hans")).Should().Be("Acme CRM中有 2 位客户使用此号码。请向来电者确认其身份。");
    }

    [TestCase("anonymous")]
    [TestCase("")]
    [TestCase(null)]
    [TestCase("Restricted")]
    public async Task LookupAsync_WithheldNumber_WithheldCardWithoutCrmRequest(string? raw)
    {
        await using var host = new ScreenPopTestHost();

        var card = await host.ScreenPop.LookupAsync(raw, Agent);

        card.Kind.Should().Be(ScreenPopCardKind.Withheld);
        card.CallerE164.Should().BeNull();
        card.Error!.Code.Should().Be(ConnectorErrorCode.InvalidPhoneNumber);
        card.GetUserMessage(CultureInfo.GetCultureInfo("en")).Should().StartWith("The caller withheld their number");
        card.GetUserMessage(CultureInfo.GetCultureInfo("zh-CN")).Should().StartWith("来电者隐藏了号码");
        host.Lookup.Calls.Should().Be(0);
    }

    [Test]
    public async Task LookupAsync_UnreadableNumber_InvalidNumberCard()
    {
        await using var host = new ScreenPopTestHost();

        var card = await host.ScreenPop.LookupAsync("12", Agent);

        card.Kind.Should().Be(ScreenPopCardKind.InvalidNumber);
        card.GetUserMessage(CultureInfo.GetCultureInfo("en")).Should().StartWith("The caller's number could not be read");
        host.Lookup.Calls.Should().Be(0);
    }

    [Test]
    public async Task LookupAsync_MoreNumbersThanMaxEntries_CacheStaysBounded()
    {
        await using var host = new ScreenPopTestHost(o => o.MaxEntries = 10);

        for (var i = 0; i < 25; i++)
        {
            await host.ScreenPop.LookupAsync(string.Create(CultureInfo.InvariantCulture, $"+86139001390{i:D2}"), Agent);
            host.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        host.Provider.GetRequiredService<ScreenPopService>().CachedCount.Should().BeInRange(1, 10);
        host.Lookup.Calls.Should().Be(25);
    }

    [Test]
    public async Task LookupAsync_CallerGivesUp_OthersStillGetTheSharedAnswer()
    {
        await using var host = new ScreenPopTestHost();
        host.Lookup.Hold();
        using var cancel = new CancellationTokenSource();
        var impatient = host.ScreenPop.LookupAsync(AliceNumber, Agent, cancel.Token).AsTask();
        var patient = host.ScreenPop.LookupAsync(AliceNumber, Agent).AsTask();

        await cancel.CancelAsync();
        host.Lookup.Release();

        await FluentActions.Awaiting(() => impatient).Should().ThrowAsync<OperationCanceledException>();
        (await patient).Kind.Should().Be(ScreenPopCardKind.Customer);
        host.Lookup.Calls.Should().Be(1);
    }

    [Test]
    public void AddCallCrmScreenPop_InvalidOptions_FailWhenResolved()
    {
        var services = new ServiceCollection();
        services.AddCallCrmScreenPop(o => (o.Region, o.TimeToLive, o.CreateLeadUrlTemplate) = ("XX", TimeSpan.Zero, "https://crm.example/new"));
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<ScreenPopOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().HaveCount(3);
    }
}
