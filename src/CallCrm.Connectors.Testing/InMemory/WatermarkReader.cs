using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Providers;
using NodaTime;

namespace CallCrm.Connectors.Testing.InMemory;

/// <summary>Reads a backend page by page after a (time, id) watermark, as a vendor API with a time filter is read.</summary>
internal static class WatermarkReader
{
    private const int DefaultPageSize = 50;

    /// <summary>Reads the items after <see cref="ReadRequest.Since"/> and before <see cref="ReadRequest.Until"/>.</summary>
    /// <typeparam name="TStored">What the backend stores.</typeparam>
    /// <typeparam name="TItem">What the source yields.</typeparam>
    /// <param name="backend">The backend, checked for faults before each page.</param>
    /// <param name="request">The request.</param>
    /// <param name="readPage">Reads up to a page of stored items after a watermark and before a bound, in watermark order.</param>
    /// <param name="positionOf">The watermark just after a stored item.</param>
    /// <param name="toItem">Turns a stored item into a source item at a position.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The items.</returns>
    public static async IAsyncEnumerable<SourceItem<TItem>> ReadAsync<TStored, TItem>(
        InMemoryBackend backend,
        ReadRequest request,
        Func<WatermarkCheckpoint, Instant?, int, IReadOnlyList<TStored>> readPage,
        Func<TStored, WatermarkCheckpoint> positionOf,
        Func<TStored, WatermarkCheckpoint, SourceItem<TItem>> toItem,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var after = request.Since switch
        {
            null => WatermarkCheckpoint.Start,
            WatermarkCheckpoint watermark => watermark,
            _ => throw new ArgumentException("This source resumes from a WatermarkCheckpoint, not a cursor.", nameof(request)),
        };
        var pageSize = request.PageSize ?? DefaultPageSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1, nameof(request));

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A real request would complete asynchronously; so does this one, so that callers meet the same interleaving.
            await Task.Yield();
            backend.ThrowIfFaulted();
            var page = readPage(after, request.Until, pageSize);
            foreach (var stored in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                after = positionOf(stored);
                yield return toItem(stored, after);
            }

            if (page.Count < pageSize)
            {
                yield break;
            }
        }
    }

    /// <summary>Selects a page from a snapshot: items after the watermark, before the bound, in watermark order.</summary>
    /// <typeparam name="T">The stored type.</typeparam>
    /// <param name="items">All stored items.</param>
    /// <param name="timeOf">An item's change time.</param>
    /// <param name="idOf">An item's tie-break id.</param>
    /// <param name="after">The watermark.</param>
    /// <param name="until">The exclusive bound, if any.</param>
    /// <param name="pageSize">The page size.</param>
    /// <returns>The page.</returns>
    public static List<T> SelectPage<T>(IEnumerable<T> items, Func<T, Instant> timeOf, Func<T, string> idOf, WatermarkCheckpoint after, Instant? until, int pageSize)
    {
        var page = new List<T>();
        foreach (var item in items)
        {
            if (after.IsBefore(timeOf(item), idOf(item)) && (until is null || timeOf(item) < until))
            {
                page.Add(item);
            }
        }

        page.Sort((x, y) => new WatermarkCheckpoint(timeOf(x), idOf(x)).CompareTo(new WatermarkCheckpoint(timeOf(y), idOf(y))));
        return page.Count > pageSize ? page.GetRange(0, pageSize) : page;
    }
}
