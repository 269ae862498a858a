using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Contracts;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using FluentAssertions;

namespace CallCrm.Connectors.Testing;

/// <summary>The incremental-read scenarios every source passes, written once for call and customer sources.</summary>
internal static class IncrementalReadChecks
{
    public static async Task ReadsEverySeededItemOnceAsync<TSeed, TItem>(SourceAdapter<TSeed, TItem> adapter, CancellationToken cancellationToken)
        where TItem : ISyncRecord
    {
        var keys = await SeedAsync(adapter, cancellationToken).ConfigureAwait(false);
        var source = await adapter.CreateAsync(cancellationToken).ConfigureAwait(false);

        var read = await ReadAllAsync(adapter, source, new ReadRequest(null, PageSize: adapter.PageSize), cancellationToken).ConfigureAwait(false);

        var readKeys = read.Select(i => i.Item.Key).ToList();
        readKeys.Should().OnlyHaveUniqueItems("a read paged to the end yields each {0} once, also where several share a timestamp across a page boundary", adapter.Noun);
        readKeys.Should().BeEquivalentTo(keys, "a read paged to the end yields every seeded {0}", adapter.Noun);
    }

    public static async Task ResumesAfterEveryItemAsync<TSeed, TItem>(SourceAdapter<TSeed, TItem> adapter, CancellationToken cancellationToken)
        where TItem : ISyncRecord
    {
        await SeedAsync(adapter, cancellationToken).ConfigureAwait(false);
        var source = await adapter.CreateAsync(cancellationToken).ConfigureAwait(false);
        var all = await ReadAllAsync(adapter, source, new ReadRequest(null, PageSize: adapter.PageSize), cancellationToken).ConfigureAwait(false);
        var allKeys = all.Select(i => i.Item.Key).ToList();

        for (var k = 0; k < all.Count; k++)
        {
            // The engine stores the checkpoint and resumes after a restart: round-trip it through the state contract and
            // read with a new source instance, so that only the checkpoint carries the position.
            var stored = ContractSerializer.DeserializeCheckpoint(ContractSerializer.SerializeCheckpoint(all[k].Position));
            var resumed = await adapter.CreateAsync(cancellationToken).ConfigureAwait(false);
            var rest = await ReadAllAsync(adapter, resumed, new ReadRequest(stored, PageSize: adapter.PageSize), cancellationToken).ConfigureAwait(false);

            rest.Select(i => i.Item.Key).Should().Equal(
                allKeys.Skip(k + 1),
                "resuming from the checkpoint of {0} #{1} of {2} ({3}) yields exactly the items after it, none skipped or repeated, also among items sharing its timestamp",
                adapter.Noun,
                k,
                all.Count,
                allKeys[k]);
        }
    }

    public static async Task PositionsMatchDeclaredKindAndNeverGoBackAsync<TSeed, TItem>(SourceAdapter<TSeed, TItem> adapter, CancellationToken cancellationToken)
        where TItem : ISyncRecord
    {
        await SeedAsync(adapter, cancellationToken).ConfigureAwait(false);
        var source = await adapter.CreateAsync(cancellationToken).ConfigureAwait(false);
        var all = await ReadAllAsync(adapter, source, new ReadRequest(null, PageSize: adapter.PageSize), cancellationToken).ConfigureAwait(false);
        all.Should().NotBeEmpty("the backend was seeded");

        if (source.Capabilities.Ordering == SourceOrdering.ChangeCursor)
        {
            all.Select(i => i.Position).Should().AllBeOfType<CursorCheckpoint>("a source ordered by ChangeCursor reports cursor positions");
            return;
        }

        all.Select(i => i.Position).Should().AllBeOfType<WatermarkCheckpoint>("a source ordered by {0} reports timestamp watermarks", source.Capabilities.Ordering);
        var watermarks = all.Select(i => (WatermarkCheckpoint)i.Position).ToList();
        for (var i = 1; i < watermarks.Count; i++)
        {
            (watermarks[i] >= watermarks[i - 1]).Should().BeTrue(
                "positions never go back: the position after {0} #{1} ({2}) comes before the one after #{3} ({4})",
                adapter.Noun,
                i,
                watermarks[i],
                i - 1,
                watermarks[i - 1]);
        }
    }

    public static async Task ReadsNothingFromAnEmptyBackendAsync<TSeed, TItem>(SourceAdapter<TSeed, TItem> adapter, CancellationToken cancellationToken)
        where TItem : ISyncRecord
    {
        var source = await adapter.CreateAsync(cancellationToken).ConfigureAwait(false);

        var read = await ReadAllAsync(adapter, source, new ReadRequest(null, PageSize: adapter.PageSize), cancellationToken).ConfigureAwait(false);

        read.Should().BeEmpty("an empty backend holds no {0} to read", adapter.Noun);
    }

    public static async Task HonoursUntilAsync<TSeed, TItem>(SourceAdapter<TSeed, TItem> adapter, CancellationToken cancellationToken)
        where TItem : ISyncRecord
    {
        var seeds = adapter.CreateSeeds();
        var keys = await adapter.SeedAsync(seeds, cancellationToken).ConfigureAwait(false);
        var source = await adapter.CreateAsync(cancellationToken).ConfigureAwait(false);
        var ordering = source.Capabilities.Ordering;
        if (ordering == SourceOrdering.ChangeCursor)
        {
            // A change feed has no time bound: Until does not apply (ReadRequest.Until).
            return;
        }

        // The bound falls exactly on the timestamp of the last tie group: Until is exclusive, so that whole group is left out.
        var until = seeds.Select(s => adapter.TimeOf(s, ordering)).GroupBy(t => t).Where(g => g.Count() > 1).Max(g => g.Key);
        var expected = seeds.Select((seed, i) => (seed, key: keys[i])).Where(p => adapter.TimeOf(p.seed, ordering) < until).Select(p => p.key).ToList();

        var read = await ReadAllAsync(adapter, source, new ReadRequest(null, until, adapter.PageSize), cancellationToken).ConfigureAwait(false);

        read.Select(i => i.Item.Key).Should().BeEquivalentTo(
            expected,
            "a read with Until = {0} from a source ordered by {1} yields every {2} whose {1} is before it and none at or after it (Until is exclusive)",
            until,
            ordering,
            adapter.Noun);
    }

    public static async Task StopsWhenCancelledMidReadAsync<TSeed, TItem>(SourceAdapter<TSeed, TItem> adapter, CancellationToken cancellationToken)
        where TItem : ISyncRecord
    {
        await SeedAsync(adapter, cancellationToken).ConfigureAwait(false);
        var source = await adapter.CreateAsync(cancellationToken).ConfigureAwait(false);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var items = source.ReadAsync(new ReadRequest(null, PageSize: adapter.PageSize), cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        try
        {
            (await items.MoveNextAsync().ConfigureAwait(false)).Should().BeTrue("the backend was seeded");
            await cancellation.CancelAsync().ConfigureAwait(false);

            // Strict on purpose: the rest of a page already fetched must not be yielded either, so a host shutting down is not held up.
            var next = async () => await items.MoveNextAsync().ConfigureAwait(false);
            (await next.Should().ThrowAsync<OperationCanceledException>(
                "a cancelled read stops before the next {0} with OperationCanceledException: the caller's cancellation is not a failure to classify as a ConnectorException",
                adapter.Noun).ConfigureAwait(false)).Which.Should().NotBeOfType<ConnectorException>();
        }
        finally
        {
            await items.DisposeAsync().ConfigureAwait(false);
        }
    }

    public static async Task ReportsFaultAsync<TSeed, TItem>(SourceAdapter<TSeed, TItem> adapter, BackendFault fault, CancellationToken cancellationToken)
        where TItem : ISyncRecord
    {
        // Seeded first, so that a source which swallows the failure and reports an empty read is caught.
        await SeedAsync(adapter, cancellationToken).ConfigureAwait(false);
        await adapter.Harness.SetFaultAsync(fault, cancellationToken).ConfigureAwait(false);
        var source = await adapter.CreateAsync(cancellationToken).ConfigureAwait(false);

        var read = () => ReadAllAsync(adapter, source, new ReadRequest(null, PageSize: adapter.PageSize), cancellationToken);

        var thrown = await read.Should().ThrowAsync<ConnectorException>("a read from a backend with {0} fails with a ConnectorException", fault).ConfigureAwait(false);
        thrown.Which.Error.ShouldReport(fault, "a read");
    }

    public static async Task<List<SourceItem<TItem>>> ReadAllAsync<TSeed, TItem>(
        SourceAdapter<TSeed, TItem> adapter,
        IRecordSource<TItem> source,
        ReadRequest request,
        CancellationToken cancellationToken)
        where TItem : ISyncRecord
    {
        var items = new List<SourceItem<TItem>>();
        await foreach (var item in source.ReadAsync(request, cancellationToken).ConfigureAwait(false))
        {
            items.Add(item);
        }

        return items;
    }

    private static async Task<IReadOnlyList<string>> SeedAsync<TSeed, TItem>(SourceAdapter<TSeed, TItem> adapter, CancellationToken cancellationToken)
        where TItem : ISyncRecord
    {
        var seeds = adapter.CreateSeeds();
        var keys = await adapter.SeedAsync(seeds, cancellationToken).ConfigureAwait(false);
        keys.Should().HaveCount(seeds.Count, "the harness returns one key per seeded {0}", adapter.Noun)
            .And.OnlyHaveUniqueItems("the harness returns a distinct key per seeded {0}", adapter.Noun);
        return keys;
    }
}
