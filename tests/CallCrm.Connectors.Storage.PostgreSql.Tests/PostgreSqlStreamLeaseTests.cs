using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlStreamLeaseTests
{
    [Test]
    public async Task TryAcquireStreamLeaseAsync_HeldByAnotherInstance_ReturnsNull_UntilReleased()
    {
        await using var schema = new TestSchema();
        var first = await schema.OpenAsync();
        var second = await schema.OpenAsync();

        var lease = await first.TryAcquireStreamLeaseAsync("calls");
        var whileHeld = await second.TryAcquireStreamLeaseAsync("calls");
        var otherStream = await second.TryAcquireStreamLeaseAsync("tags");
        await lease!.DisposeAsync();
        var afterRelease = await second.TryAcquireStreamLeaseAsync("calls");

        lease.Stream.Should().Be("calls");
        whileHeld.Should().BeNull();
        otherStream.Should().NotBeNull("leases are per stream");
        afterRelease.Should().NotBeNull();
        await otherStream!.DisposeAsync();
        await afterRelease!.DisposeAsync();
    }

    [Test]
    public async Task AsStreamLeaseProvider_TheLeaseExcludesAnotherStore_UntilDisposed()
    {
        await using var schema = new TestSchema();
        IConnectorStateStore first = await schema.OpenAsync();
        IConnectorStateStore second = await schema.OpenAsync();
        var firstLeases = first.Should().BeAssignableTo<IStreamLeaseProvider>("hosting takes leases through this interface").Subject;
        var secondLeases = (IStreamLeaseProvider)second;

        var lease = await firstLeases.TryAcquireStreamLeaseAsync("calls");
        var whileHeld = await secondLeases.TryAcquireStreamLeaseAsync("calls");
        await lease!.DisposeAsync();
        var afterRelease = await secondLeases.TryAcquireStreamLeaseAsync("calls");

        lease.Should().BeOfType<PostgreSqlStreamLease>().Which.Stream.Should().Be("calls");
        whileHeld.Should().BeNull("the other store's instance holds the stream");
        afterRelease.Should().NotBeNull();
        await afterRelease!.DisposeAsync();
    }

    [Test]
    public async Task TryAcquireStreamLeaseAsync_HoldersSessionEnds_TheServerReleasesTheLease_AndDisposingItStillSucceeds()
    {
        await using var schema = new TestSchema();
        var holder = await schema.OpenAsync();
        var other = await schema.OpenAsync();
        var lease = await holder.TryAcquireStreamLeaseAsync("calls");
        lease.Should().NotBeNull();

        // As if the holding process died or lost its network: the server ends the session that holds this lease's advisory lock (and
        // no other: tests running alongside hold advisory locks of their own). A 64-bit advisory key shows in pg_locks as its high
        // and low 32 bits; pg_terminate_backend with a timeout returns once the session is gone, so its locks are released.
        var key = AdvisoryLockKeys.StreamLease(schema.Name, "calls");
        var terminated = await schema.ScalarAsync<long>(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"""
            SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid, 30000)) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND objsubid = 1
              AND classid::bigint = (({key})::bigint >> 32) & 4294967295 AND objid::bigint = ({key})::bigint & 4294967295;
            """));
        var taken = await other.TryAcquireStreamLeaseAsync("calls");
        var release = async () => await lease!.DisposeAsync();

        terminated.Should().Be(1);
        taken.Should().NotBeNull();
        await release.Should().NotThrowAsync("the lease ended with its session; releasing it again is harmless");
        await taken!.DisposeAsync();
    }

    [Test]
    public async Task TryAcquireStreamLeaseAsync_SameStreamInAnotherSchema_IsAnotherLease()
    {
        await using var schemaA = new TestSchema();
        await using var schemaB = new TestSchema();
        var a = await schemaA.OpenAsync();
        var b = await schemaB.OpenAsync();

        await using var leaseA = await a.TryAcquireStreamLeaseAsync("calls");
        await using var leaseB = await b.TryAcquireStreamLeaseAsync("calls");

        leaseA.Should().NotBeNull();
        leaseB.Should().NotBeNull();
    }
}
