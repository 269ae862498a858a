using CallCrm.Connectors.Model;
using CallCrm.Connectors.ScreenPop.Sync;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Testing;
using CallCrm.Connectors.Testing.InMemory;
using NodaTime;
using static CallCrm.Connectors.ScreenPop.Tests.ScreenPopTestHost;

namespace CallCrm.Connectors.ScreenPop.Tests.Sync;

[TestFixture]
public sealed class ScreenPopInvalidatingCrmSinkTests
{
    [Test]
    public async Task WriteAsync_CallWritten_NextLookupShowsTheCall()
    {
        await using var host = new ScreenPopTestHost();
        var supervisor = User(CustomerDataRoles.Supervisor);
        (await host.ScreenPop.LookupAsync(AliceNumber, supervisor)).Matches[0].RecentCalls.Should().BeEmpty();
        var sink = new InMemoryCrmSink(host.Crm).WithScreenPopInvalidation(host.Invalidator);

        var outcomes = await sink.WriteAsync([Call("CA1", AliceNumber)]);
        var card = await host.ScreenPop.LookupAsync(AliceNumber, supervisor);

        outcomes.Single().Kind.Should().Be(Providers.RecordOutcomeKind.Written);
        card.Matches[0].RecentCalls.Select(c => c.SourceId).Should().Equal("CA1");
        host.Lookup.Calls.Should().Be(2);
    }

    [Test]
    public async Task WriteAsync_CrmRefusesTheCall_CardStaysCached()
    {
        await using var host = new ScreenPopTestHost();
        await host.ScreenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Agent));
        host.Crm.RefuseRecord("twilio:CA2");
        var sink = new InMemoryCrmSink(host.Crm).WithScreenPopInvalidation(host.Invalidator);

        await sink.WriteAsync([Call("CA2", AliceNumber)]);
        await host.ScreenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Agent));

        host.Lookup.Calls.Should().Be(1);
    }

    [Test]
    public async Task WriteAsync_CallWithCustomerReference_DropsThatCustomersCardsToo()
    {
        await using var host = new ScreenPopTestHost();
        await host.ScreenPop.LookupAsync(SharedNumber, User(CustomerDataRoles.Agent));
        var sink = new InMemoryCrmSink(host.Crm).WithScreenPopInvalidation(host.Invalidator);

        await sink.WriteAsync([Call("CA3", "+8613700137000") with { CustomerReference = "bob" }]);
        await host.ScreenPop.LookupAsync(SharedNumber, User(CustomerDataRoles.Agent));

        host.Lookup.Calls.Should().Be(2);
    }

    [Test]
    public async Task WriteAsync_TagsPushed_DropsTheCustomersCard()
    {
        await using var host = new ScreenPopTestHost();
        await host.ScreenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Agent));
        var sink = new InMemoryCallSystemSink(new InMemoryCallSystem()).WithScreenPopInvalidation(host.Invalidator);

        await sink.WriteAsync([new CustomerTagUpdate { CustomerId = "alice", Tags = [new CustomerTag("vip")], Version = 1 }]);
        await host.ScreenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Agent));

        host.Lookup.Calls.Should().Be(2);
    }

    [Test]
    public async Task WriteAsync_CallSystemDown_CardStaysCached()
    {
        await using var host = new ScreenPopTestHost();
        await host.ScreenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Agent));
        var callSystem = new InMemoryCallSystem { Fault = BackendFault.ServiceUnavailable };
        var sink = new InMemoryCallSystemSink(callSystem).WithScreenPopInvalidation(host.Invalidator);

        var push = async () => await sink.WriteAsync([new CustomerTagUpdate { CustomerId = "alice", Tags = [], Version = 1 }]);

        await push.Should().ThrowAsync<Errors.ConnectorException>();
        await host.ScreenPop.LookupAsync(AliceNumber, User(CustomerDataRoles.Agent));
        host.Lookup.Calls.Should().Be(1);
    }

    private static CallRecord Call(string sid, string from) => new()
    {
        SourceSystem = "twilio",
        SourceId = sid,
        Direction = CallDirection.Inbound,
        From = new PhoneNumber(from, from),
        To = new PhoneNumber("+861088886666", "+861088886666"),
        StartedAt = Instant.FromDateTimeOffset(Start) - Duration.FromHours(1),
        Status = CallStatus.Completed,
    };
}
