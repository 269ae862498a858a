using System.Security.Claims;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using static CallCrm.Connectors.ScreenPop.Tests.ScreenPopTestHost;

namespace CallCrm.Connectors.ScreenPop.Tests;

/// <summary>The per-role cards cached with each CRM answer, and the buffered audit of lookups.</summary>
[TestFixture]
public sealed class ScreenPopProjectionAndAuditTests
{
    private static readonly ClaimsPrincipal[] Callers =
    [
        User(CustomerDataRoles.Agent),
        User(CustomerDataRoles.Supervisor),
        User(CustomerDataRoles.Manager),
        User(CustomerDataRoles.Auditor),
        User(CustomerDataRoles.Agent, CustomerDataRoles.Manager),
        User(CustomerDataRoles.Manager, CustomerDataRoles.Agent),
    ];

    [Test]
    public async Task LookupAsync_RolesInterleavedConcurrentlyOnCachedCard_EachGetsExactlyWhatFilteringForItsRolesGives()
    {
        await using var cachedHost = new ScreenPopTestHost();
        await using var reference = new ScreenPopTestHost(o => o.CacheFilteredCards = false);
        var expected = new Dictionary<ClaimsPrincipal, IReadOnlyList<CustomerMatch>>();
        foreach (var caller in Callers)
        {
            expected[caller] = (await reference.ScreenPop.LookupAsync(AliceNumber, caller)).Matches;
        }

        // Cached cards are made on first demand, by whichever role comes first, while other roles read concurrently.
        var order = Enumerable.Range(0, 600).Select(i => Callers[(i * 7) % Callers.Length]).ToList();
        var cards = await Task.WhenAll(order.Select(caller => Task.Run(async () => (caller, card: await cachedHost.ScreenPop.LookupAsync(AliceNumber, caller)))));

        cachedHost.Lookup.Calls.Should().Be(1);
        foreach (var (caller, card) in cards)
        {
            card.Matches.Should().BeEquivalentTo(expected[caller], o => o.WithStrictOrdering(), "a role never sees another role's fields");
        }

        // The check has teeth: the roles do see different things.
        expected[Callers[0]][0].Customer.Email.Should().NotBe(expected[Callers[2]][0].Customer.Email);
        expected[Callers[3]][0].RecentTickets.Should().BeEmpty();
        expected[Callers[0]][0].RecentTickets.Should().NotBeEmpty();
        expected[Callers[4]].Should().BeEquivalentTo(expected[Callers[5]], "the order of role claims does not matter");
    }

    [Test]
    public async Task InvalidateCustomer_AfterEveryRoleWasServed_EveryRoleGetsTheChangedCustomer()
    {
        await using var host = new ScreenPopTestHost();
        foreach (var caller in Callers)
        {
            await host.ScreenPop.LookupAsync(AliceNumber, caller);
        }

        Tag(host, "churn-risk");
        host.Invalidator.InvalidateCustomer("alice").Should().Be(1);

        foreach (var caller in Callers)
        {
            (await host.ScreenPop.LookupAsync(AliceNumber, caller)).Matches[0].Customer.Tags.Should().Contain(new CustomerTag("churn-risk"));
        }

        host.Lookup.Calls.Should().Be(2, "one CRM request refills the card of every role");
    }

    [Test]
    public async Task LookupAsync_RefreshedAfterTimeToLive_EveryRoleGetsTheRefreshedCustomer()
    {
        await using var host = new ScreenPopTestHost(o => (o.TimeToLive, o.StaleWhileRevalidate) = (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)));
        foreach (var caller in Callers)
        {
            await host.ScreenPop.LookupAsync(AliceNumber, caller);
        }

        Tag(host, "churn-risk");
        host.Time.Advance(TimeSpan.FromMinutes(2));
        (await host.ScreenPop.LookupAsync(AliceNumber, Callers[0])).IsStale.Should().BeTrue();
        (await host.ScreenPop.PreloadAsync(AliceNumber)).Should().BeTrue(); // joins the background refresh

        foreach (var caller in Callers)
        {
            var card = await host.ScreenPop.LookupAsync(AliceNumber, caller);
            card.IsStale.Should().BeFalse();
            card.Matches[0].Customer.Tags.Should().Contain(new CustomerTag("churn-risk"), "no role keeps a card filtered from the old answer");
        }
    }

    [Test]
    public async Task LookupAsync_BufferedAudit_EntryHandedOverBeforeCardReturnedAndDurableOnGracefulStop()
    {
        var host = new ScreenPopTestHost();
        await using (host)
        {
            var log = (HashChainedAuditLog)host.AuditLog;

            await host.ScreenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Agent));
            await host.ScreenPop.LookupAsync(SharedNumber, User(CustomerDataRoles.Manager));

            log.PendingCount.Should().Be(2, "each entry is in the audit buffer before its card is returned");
            await host.Provider.DisposeAsync(); // graceful stop: the container disposes the audit log, which writes its buffer

            await using var store = new SqliteStateStore(new SqliteStateStoreOptions { DataSource = host.StatePath });
            await store.InitializeAsync();
            await using var reopened = new HashChainedAuditLog(
                store.AuditLog,
                Options.Create(new AuditLogOptions { SealingKey = new Secret(SealingKey) }),
                CustomerDataAccessPolicy.CreateDefault(),
                host.Time);
            var verification = await reopened.VerifyAsync();
            verification.IsValid.Should().BeTrue(verification.Message);
            verification.EntriesVerified.Should().Be(2);
            var entries = new List<AuditEntry>();
            await foreach (var record in reopened.ReadAsync(User(CustomerDataRoles.Auditor)))
            {
                entries.Add(record.Entry);
            }

            entries.Take(2).Select(e => e.EntityId).Should().Equal("alice", null);
            entries.Take(2).Should().OnlyContain(e => e.Operation == AuditOperations.CustomerLookup);
        }
    }

    [Test]
    public async Task LookupAsync_ImmediateAudit_EntryDurableBeforeCardReturned()
    {
        await using var host = new ScreenPopTestHost(o => o.AuditDurability = AuditDurability.Immediate);
        var log = (HashChainedAuditLog)host.AuditLog;

        await host.ScreenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Agent));

        log.PendingCount.Should().Be(0);
        var store = host.Provider.GetRequiredService<State.IConnectorStateStore>();
        (await store.AuditLog.GetLastAsync()).Should().NotBeNull().And.Match<State.AuditLogRow>(r => r.Sequence == 1);
    }

    /// <summary>Changes Alice in the CRM in a way every role can see (every built-in role reads tags).</summary>
    private static void Tag(ScreenPopTestHost host, string tag)
    {
        var alice = host.Crm.Customers.Single(c => c.Id == "alice");
        host.Crm.AddCustomer(alice with { Tags = [.. alice.Tags, new CustomerTag(tag)], ModifiedAt = Instant.FromDateTimeOffset(Start) });
    }
}
