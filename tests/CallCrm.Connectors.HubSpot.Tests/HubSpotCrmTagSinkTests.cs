using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.HubSpot.Tests.Infrastructure;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.HubSpot.Tests;

public sealed class HubSpotCrmTagSinkTests
{
    [Test]
    public async Task WriteAsync_KnownContact_ReplacesItsTagsAsTheCustomerSourceReadsThem()
    {
        await using var harness = await HubSpotHarness.StartAsync(contacts: 20);
        var sink = harness.Services.GetRequiredService<ICrmTagSink>();
        var contact = (await harness.ContactsAsync())[3]["id"]!.GetValue<string>();
        var update = new CustomerTagUpdate { CustomerId = contact, Tags = [new CustomerTag("vip"), new CustomerTag("last-call", "no-answer")], Version = 4 };

        var outcomes = await harness.RunAsync(async () => await sink.WriteAsync([update]));
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var changes = await harness.ReadAllAsync(new ReadRequest(null, PageSize: 100));

        outcomes.Should().ContainSingle().Which.Should().Be(RecordOutcome.Written(update.Key, contact));
        changes.Single(c => c.Item.Customer.Id == contact).Item.Customer.Tags
            .Should().BeEquivalentTo([new CustomerTag("vip"), new CustomerTag("last-call", "no-answer")]);
    }

    [Test]
    public async Task WriteAsync_UnknownContactInBatch_FailsThatUpdateAloneAsNotFound()
    {
        await using var harness = await HubSpotHarness.StartAsync(contacts: 20);
        var sink = harness.Services.GetRequiredService<ICrmTagSink>();
        var contact = (await harness.ContactsAsync())[0]["id"]!.GetValue<string>();
        CustomerTagUpdate[] updates =
        [
            new() { CustomerId = "999999999", Tags = [new CustomerTag("vip")], Version = 1 },
            new() { CustomerId = contact, Tags = [new CustomerTag("priority", "high")], Version = 2 },
        ];

        var outcomes = await harness.RunAsync(async () => await sink.WriteAsync(updates));

        outcomes.Select(o => o.Key).Should().Equal(updates.Select(u => u.Key));
        outcomes[0].Kind.Should().Be(RecordOutcomeKind.PermanentFailure);
        outcomes[0].Error!.Code.Value.Should().Be("NOT_FOUND");
        outcomes[1].Kind.Should().Be(RecordOutcomeKind.Written);
    }
}
