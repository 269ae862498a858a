using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.HubSpot.Tests.Infrastructure;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using NodaTime;

namespace CallCrm.Connectors.HubSpot.Tests;

public sealed class HubSpotCustomerSourceTests
{
    [Test]
    public async Task ReadAsync_FromTheStart_PagesToTheEndInWatermarkOrder()
    {
        await using var harness = await HubSpotHarness.StartAsync(contacts: 230);

        var items = await harness.ReadAllAsync(new ReadRequest(null, PageSize: 50));

        items.Select(i => i.Item.Customer.Id).Should().OnlyHaveUniqueItems().And.HaveCount(230);
        var positions = items.Select(i => (WatermarkCheckpoint)i.Position).ToList();
        positions.Select(p => p.Timestamp).Should().BeInAscendingOrder();
        items.Should().OnlyContain(i => i.Item.ChangedAt == ((WatermarkCheckpoint)i.Position).Timestamp && i.Item.Customer.ModifiedAt == i.Item.ChangedAt);
    }

    [Test]
    public async Task ReadAsync_ResumedFromACheckpoint_ReturnsTheRestOnly()
    {
        await using var harness = await HubSpotHarness.StartAsync(contacts: 230);

        var first = await harness.ReadAllAsync(new ReadRequest(null, PageSize: 40), take: 70);
        var rest = await harness.ReadAllAsync(new ReadRequest(first[^1].Position, PageSize: 40));

        first.Select(i => i.Item.Customer.Id).Should().NotIntersectWith(rest.Select(i => i.Item.Customer.Id));
        first.Concat(rest).Select(i => i.Item.Customer.Id).Should().OnlyHaveUniqueItems().And.HaveCount(230);
    }

    [Test]
    public async Task ReadAsync_AfterATagChange_ReturnsTheContactWithItsTags()
    {
        await using var harness = await HubSpotHarness.StartAsync(contacts: 50);
        var all = await harness.ReadAllAsync(new ReadRequest(null));
        var target = all[3].Item.Customer.Id;
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        (await harness.Raw.PostAsJsonAsync($"_sim/hubspot/contacts/{target}/tags", new JsonObject { ["tags"] = new JsonArray("vip", "language=de") })).EnsureSuccessStatusCode();

        var changes = await harness.ReadAllAsync(new ReadRequest(all[^1].Position));

        var change = changes.Should().ContainSingle().Subject.Item;
        change.Customer.Id.Should().Be(target);
        change.Customer.Tags.Should().Equal(new CustomerTag("vip"), new CustomerTag("language", "de"));
        change.Customer.Language.Should().Be("de");
    }

    [Test]
    public async Task ReadAsync_MoreThanTheSearchWindow_RestartsFromTheWatermarkWithoutLossOrRepeat()
    {
        await using var harness = await HubSpotHarness.StartAsync(contacts: 10_500);

        var items = await harness.ReadAllAsync(new ReadRequest(null, PageSize: 200));

        items.Select(i => i.Item.Customer.Id).Should().OnlyHaveUniqueItems().And.HaveCount(10_500);
        items.Select(i => ((WatermarkCheckpoint)i.Position).Timestamp).Should().BeInAscendingOrder();
    }

    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 2, 8, 0, 0);

    [Test]
    public async Task ReadAsync_TiesShuffledAcrossPages_ResumingAfterAnyItemYieldsExactlyTheRest()
    {
        // Ties of 7 and 5 across pages of 3; "999" and "1000" share a time to pin the checkpoint's (ordinal) id order.
        var seeded = new List<(string Id, Instant Modified)> { ("1001", T0) };
        seeded.AddRange(Enumerable.Range(1002, 6).Select(i => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), T0 + Duration.FromSeconds(1))));
        seeded.Add(("999", T0 + Duration.FromSeconds(1)));
        seeded.Add(("1010", T0 + Duration.FromSeconds(2)));
        seeded.AddRange(Enumerable.Range(1011, 4).Select(i => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), T0 + Duration.FromSeconds(3))));
        seeded.Add(("1000", T0 + Duration.FromSeconds(3)));
        await using var fake = await ContactSearchFake.StartAsync(seeded);
        await using var harness = await HubSpotHarness.StartAsync(contacts: 0, baseAddress: _ => fake.BaseAddress);
        var expected = seeded.OrderBy(c => c.Modified).ThenBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id).ToList();
        fake.Order(null).Should().NotEqual(expected, "the fake must return equal times out of id order for this test to mean anything");

        var all = await harness.ReadAllAsync(new ReadRequest(null, PageSize: 3));

        all.Select(i => i.Item.Customer.Id).Should().Equal(expected, "each group of one time is yielded in checkpoint order whatever order HubSpot returned it in");
        var positions = all.Select(i => (WatermarkCheckpoint)i.Position).ToList();
        positions.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        positions.Select(p => p.TieBreakId).Should().Equal(expected);
        for (var k = 0; k < all.Count; k++)
        {
            var rest = await harness.ReadAllAsync(new ReadRequest(all[k].Position, PageSize: 3));

            rest.Select(i => i.Item.Customer.Id).Should().Equal(expected.Skip(k + 1), "resuming after item #{0} ({1}) yields exactly the items after it", k, expected[k]);
        }
    }

    [Test]
    public async Task ReadAsync_PagesOutOfTimestampOrder_DeliversEveryContactWithoutMovingTheWatermarkBack()
    {
        // Each page comes back reversed: [1003 t2, 1002 t1, 1001 t0], [1006 t4, 1005 t3, 1004 t3].
        var seeded = new List<(string Id, Instant Modified)>
        {
            ("1001", T0), ("1002", T0 + Duration.FromSeconds(1)), ("1003", T0 + Duration.FromSeconds(2)),
            ("1004", T0 + Duration.FromSeconds(3)), ("1005", T0 + Duration.FromSeconds(3)), ("1006", T0 + Duration.FromSeconds(4)),
        };
        await using var fake = await ContactSearchFake.StartAsync(seeded);
        fake.ReversePages = true;
        await using var harness = await HubSpotHarness.StartAsync(contacts: 0, baseAddress: _ => fake.BaseAddress);

        var all = await harness.ReadAllAsync(new ReadRequest(null, PageSize: 3));

        all.Select(i => i.Item.Customer.Id).Should().BeEquivalentTo(seeded.Select(c => c.Id), "every change is delivered once even when the vendor breaks its sort");
        var positions = all.Select(i => (WatermarkCheckpoint)i.Position).ToList();
        positions.Should().BeInAscendingOrder("the watermark never moves backwards");
        all.Should().OnlyContain(i => i.Item.ChangedAt == seeded.Single(c => c.Id == i.Item.Customer.Id).Modified, "a late contact keeps its own change time");
        var late = all.Single(i => i.Item.Customer.Id == "1001");
        ((WatermarkCheckpoint)late.Position).Should().Be(new WatermarkCheckpoint(T0 + Duration.FromSeconds(1), "1002"), "a contact older than a position already yielded is yielded at that position");
        positions[^1].Should().Be(new WatermarkCheckpoint(T0 + Duration.FromSeconds(4), "1006"));
    }

    [Test]
    public async Task ReadAsync_ShuffledTiesBeyondTheSearchWindow_ReadsPastTheWindowWithoutLossOrRepeat()
    {
        // 10,150 contacts in groups of 7 sharing a time, shuffled: every page ends inside a group, and the next search
        // starts at that group's time (so no search goes near the 10,000-result window, which the fake refuses).
        var seeded = Enumerable.Range(0, 10_150)
            .Select(i => (Id: (100_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Modified: T0 + Duration.FromSeconds(i / 7)))
            .ToList();
        await using var fake = await ContactSearchFake.StartAsync(seeded);
        await using var harness = await HubSpotHarness.StartAsync(contacts: 0, baseAddress: _ => fake.BaseAddress);

        var all = await harness.ReadAllAsync(new ReadRequest(null, PageSize: 200));

        all.Select(i => i.Item.Customer.Id).Should().Equal(seeded.Select(c => c.Id), "every contact once, in checkpoint order, across the restart");
        all.Select(i => (WatermarkCheckpoint)i.Position).Should().BeInAscendingOrder();
        fake.Searches.Should().BeLessThanOrEqualTo(10_150 / (200 - 6) + 1, "each search re-reads at most the 6 contacts of the group it starts at");
    }

    [TestCase(false, TestName = "ReadAsync_ContactsEditedBetweenPages_YieldsEveryUneditedContact(edited beyond Until)")]
    [TestCase(true, TestName = "ReadAsync_ContactsEditedBetweenPages_YieldsEveryUneditedContact(edited within the window)")]
    public async Task ReadAsync_ContactsEditedBetweenPages_YieldsEveryUneditedContact(bool withinWindow)
    {
        // 30 contacts, two to a time so that groups straddle pages of 5. After the 1st, 2nd and 3rd page a contact
        // already read is edited: it leaves its place (to "now", past Until, or to a later time inside the window) and
        // every result behind it moves up one place, so an offset would jump over the contact at the page boundary.
        // 2009 is the last contact of the 2nd page: read, but held in the group of its time when it is edited.
        var seeded = Enumerable.Range(0, 30)
            .Select(i => (Id: (2001 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Modified: T0 + Duration.FromSeconds(i / 2)))
            .ToList();
        var until = T0 + Duration.FromHours(1);
        var editedAt = withinWindow ? T0 + Duration.FromMinutes(30) : until + Duration.FromDays(1);
        await using var fake = await ContactSearchFake.StartAsync(seeded);
        fake.ModifyAfterSearch(1, "2002", editedAt);
        fake.ModifyAfterSearch(2, "2009", editedAt);
        fake.ModifyAfterSearch(3, "2011", editedAt);
        await using var harness = await HubSpotHarness.StartAsync(contacts: 0, baseAddress: _ => fake.BaseAddress);

        var all = await harness.ReadAllAsync(new ReadRequest(null, until, PageSize: 5));

        all.Select(i => i.Item.Customer.Id).Should().Contain(seeded.Select(c => c.Id), "no contact that sat unedited in the window may be skipped");
        all.Select(i => (WatermarkCheckpoint)i.Position).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        var edits = all.Where(i => i.Item.ChangedAt == editedAt).Select(i => i.Item.Customer.Id);
        if (withinWindow)
        {
            edits.Should().BeEquivalentTo(["2002", "2009", "2011"], "an edit inside the window is a change of its own, read at its new time");
        }
        else
        {
            edits.Should().BeEmpty("Until is exclusive");
        }

        fake.Searches.Should().BeLessThanOrEqualTo(9, "restarting each page at its last time re-reads only that time's contacts");
    }
}
