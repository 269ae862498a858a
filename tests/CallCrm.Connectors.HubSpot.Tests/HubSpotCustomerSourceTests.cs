using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.HubSpot.Tests.Infrastructure;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.HubSpot.Tests;

public sealed class HubSpotCustomerSourceTests
{
    [Test]
    public async Task ReadChangesAsync_FromTheStart_PagesToTheEndInWatermarkOrder()
    {
        await using var harness = await HubSpotHarness.StartAsync(contacts: 230);

        var items = await harness.ReadAllAsync(new ReadRequest(null, PageSize: 50));

        items.Select(i => i.Item.Customer.Id).Should().OnlyHaveUniqueItems().And.HaveCount(230);
        var positions = items.Select(i => (WatermarkCheckpoint)i.Position).ToList();
        positions.Select(p => p.Timestamp).Should().BeInAscendingOrder();
        items.Should().OnlyContain(i => i.Item.ChangedAt == ((WatermarkCheckpoint)i.Position).Timestamp && i.Item.Customer.ModifiedAt == i.Item.ChangedAt);
    }

    [Test]
    public async Task ReadChangesAsync_ResumedFromACheckpoint_ReturnsTheRestOnly()
    {
        await using var harness = await HubSpotHarness.StartAsync(contacts: 230);

        var first = await harness.ReadAllAsync(new ReadRequest(null, PageSize: 40), take: 70);
        var rest = await harness.ReadAllAsync(new ReadRequest(first[^1].Position, PageSize: 40));

        first.Select(i => i.Item.Customer.Id).Should().NotIntersectWith(rest.Select(i => i.Item.Customer.Id));
        first.Concat(rest).Select(i => i.Item.Customer.Id).Should().OnlyHaveUniqueItems().And.HaveCount(230);
    }

    [Test]
    public async Task ReadChangesAsync_AfterATagChange_ReturnsTheContactWithItsTags()
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
    public async Task ReadChangesAsync_MoreThanTheSearchWindow_RestartsFromTheWatermarkWithoutLossOrRepeat()
    {
        await using var harness = await HubSpotHarness.StartAsync(contacts: 10_500);

        var items = await harness.ReadAllAsync(new ReadRequest(null, PageSize: 200));

        items.Select(i => i.Item.Customer.Id).Should().OnlyHaveUniqueItems().And.HaveCount(10_500);
        items.Select(i => ((WatermarkCheckpoint)i.Position).Timestamp).Should().BeInAscendingOrder();
    }
}
