using System.Runtime.CompilerServices;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

/// <summary>A call system in memory: records ordered by (updated-or-started time, id), read in pages after a watermark and before Until.</summary>
internal sealed class InMemoryCallSource : ICallSource
{
    private readonly object _lock = new();
    private readonly Dictionary<string, CallRecord> _records = new(StringComparer.Ordinal);

    public string Name => "memory-calls";

    public SourceCapabilities Capabilities { get; init; } = new(SourceOrdering.StartTime);

    public int PageSize { get; set; } = 100;

    public List<ReadRequest> Requests { get; } = [];

    public int PagesRead { get; private set; }

    /// <summary>Called before each record is yielded, with its index in this read.</summary>
    public Func<int, CallRecord, ValueTask>? OnYield { get; set; }

    /// <summary>When set, a read throws a spent-budget error after this many records.</summary>
    public int? BudgetAfter { get; set; }

    public TimeSpan BudgetResetsIn { get; set; } = TimeSpan.FromHours(3);

    public static Instant TimestampOf(CallRecord record) => record.UpdatedAt ?? record.StartedAt;

    public static WatermarkCheckpoint PositionOf(CallRecord record) => new(TimestampOf(record), record.SourceId);

    public void Put(CallRecord record)
    {
        lock (_lock)
        {
            _records[record.SourceId] = record;
        }
    }

    /// <summary>Deletes a record, as a call system may (Twilio deletes a call on request).</summary>
    public void Remove(string sourceId)
    {
        lock (_lock)
        {
            _records.Remove(sourceId);
        }
    }

    public void PutRange(IEnumerable<CallRecord> records)
    {
        foreach (var r in records)
        {
            Put(r);
        }
    }

    public async IAsyncEnumerable<SourceItem<CallRecord>> ReadAsync(ReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Requests.Add(request);
        }

        var after = request.Since as WatermarkCheckpoint ?? WatermarkCheckpoint.Start;
        var index = 0;
        var pageSize = request.PageSize ?? PageSize;
        while (true)
        {
            List<CallRecord> page;
            lock (_lock)
            {
                // Each page is a fresh query after the last position, as a vendor API with keyset paging does.
                page = _records.Values
                    .Where(r => after.IsBefore(TimestampOf(r), r.SourceId) && (request.Until is null || TimestampOf(r) < request.Until))
                    .OrderBy(TimestampOf).ThenBy(r => r.SourceId, StringComparer.Ordinal)
                    .Take(pageSize)
                    .ToList();
                PagesRead++;
            }

            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var record in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (BudgetAfter is { } limit && index >= limit)
                {
                    throw new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.BudgetExhausted, SystemName = Name, RetryAfter = BudgetResetsIn });
                }

                if (OnYield is { } hook)
                {
                    await hook(index, record);
                }

                index++;
                after = PositionOf(record);
                yield return new SourceItem<CallRecord>(record, after);
            }

            await Task.Yield();
        }
    }
}
