using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Twilio.Internal;
using CallCrm.Connectors.Twilio.Internal.Json;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCrm.Connectors.Twilio;

/// <summary>Reads calls from Twilio's Voice REST API (2010-04-01) incrementally, as <see cref="CallRecord"/>s in
/// ascending (start time, call SID) order with <see cref="WatermarkCheckpoint"/> positions.</summary>
/// <remarks>
/// <para>Twilio lists calls newest first, filters start times to the second with inclusive bounds
/// (<c>StartTime&gt;=</c> is "on or after"), and many calls share one second. A read therefore takes the window from
/// the checkpoint's timestamp floored to the second up to <see cref="ReadRequest.Until"/> (exclusive), cuts it into
/// time slices, reads every page of a slice, then yields that slice sorted ascending, skipping what the checkpoint has
/// passed (<see cref="WatermarkCheckpoint.IsBefore"/>). Memory holds one slice: slices start at
/// <see cref="TwilioOptions.SliceDuration"/>, double while they hold under a quarter of
/// <see cref="TwilioOptions.MaxCallsPerSlice"/>, and a slice found larger than that is abandoned and read again in
/// halves (down to one second).</para>
/// <para>The watermark time is <c>start_time</c>; a queued call has none yet, so it is ordered by <c>date_created</c>
/// and found by one extra <c>Status=queued</c> request per read; one that is then cancelled or fails before it is dialled
/// keeps no start time, so <c>Status=canceled</c> and <c>Status=failed</c> are read too, newest first, down to the read window. Calls queued, ringing or in progress are yielded with
/// <see cref="CallRecord.IsFinal"/> <see langword="false"/>; the source is ordered by <see cref="SourceOrdering.StartTime"/>, so the
/// engine never moves the watermark past them;
/// a later read yields them again, completed, under the same key (<c>twilio:{CallSid}</c>).</para>
/// </remarks>
public sealed class TwilioCallSource : ICallSource, IConnectionCheck
{
    /// <summary>The provider name of the account registered without a name, <c>twilio</c>
    /// (<see cref="TwilioOptions.DefaultName"/>); a named account's source reports its name.</summary>
    public const string ProviderName = TwilioOptions.DefaultName;

    /// <summary>Gets the limits the client keeps under: at most 10 requests in flight (Twilio limits concurrent
    /// requests per account, shared by every application of the account, and answers 429 with error 20429 beyond it)
    /// and 25 requests per second, a conservative steady rate. A 429 is retried with backoff even without
    /// <c>Retry-After</c>, which Twilio does not promise.</summary>
    public static RateLimitPolicy DefaultRateLimitPolicy { get; } = new(25, TimeSpan.FromSeconds(1), MaxConcurrentRequests: 10);

    // A recording is created while its call runs; this much after the call's end covers one still being processed.
    private static readonly Duration RecordingGrace = Duration.FromHours(1);

    // The statuses a queued call can end in without being dialled, so with no start_time ("empty if the call has not yet been dialed").
    private static readonly string[] EndedUndialled = ["canceled", "failed"];

    private readonly Func<TwilioApiClient> clientFactory;
    private readonly TwilioCallMapper mapper;
    private readonly TwilioOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    internal TwilioCallSource(Func<TwilioApiClient> clientFactory, TwilioCallMapper mapper, TwilioOptions options, TimeProvider timeProvider, ILogger logger)
    {
        this.clientFactory = clientFactory;
        this.mapper = mapper;
        this.options = options;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <inheritdoc />
    public string Name { get; internal init; } = ProviderName;

    /// <inheritdoc />
    /// <remarks>Ordered by start time: Twilio filters the call list by <c>StartTime</c> only, so a call that is not final
    /// holds the watermark before it until it ends.</remarks>
    public SourceCapabilities Capabilities { get; } = new(SourceOrdering.StartTime);

    /// <inheritdoc />
    /// <remarks>Lists one completed call of the account (<c>Calls.json?Status=completed&amp;PageSize=1</c>).</remarks>
    public async ValueTask<Errors.ConnectorError?> CheckConnectionAsync(CancellationToken cancellationToken = default)
    {
        var client = clientFactory();
        try
        {
            await client.GetCallPageAsync(client.CallsWithStatus("completed", 1), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Errors.ConnectorException ex)
        {
            return ex.Error;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The request's checkpoint is a <see cref="CursorCheckpoint"/>; this source uses watermarks.</exception>
    /// <exception cref="Errors.ConnectorException">Twilio refused the credentials, could not be reached, kept throttling
    /// beyond the retries, sent an unreadable page, or a page link left the API host.</exception>
    public IAsyncEnumerable<SourceItem<CallRecord>> ReadAsync(ReadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var since = request.Since switch
        {
            null => null,
            WatermarkCheckpoint watermark => watermark,
            _ => throw new ArgumentException("The Twilio source resumes from a WatermarkCheckpoint, not a " + request.Since.GetType().Name + ".", nameof(request)),
        };
        if (request.PageSize is { } size)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(request));
        }

        return ReadCoreAsync(since, request.Until, Math.Min(request.PageSize ?? options.PageSize, TwilioOptions.MaxPageSize), cancellationToken);
    }

    private async IAsyncEnumerable<SourceItem<CallRecord>> ReadCoreAsync(WatermarkCheckpoint? since, Instant? until, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = clientFactory();
        var now = Instant.FromDateTimeOffset(timeProvider.GetUtcNow());
        var hasCheckpoint = since is not null && since.Timestamp != Instant.MinValue;
        var windowStart = FloorToSecond(hasCheckpoint ? since!.Timestamp : (until ?? now) - Duration.FromTimeSpan(options.InitialLookback));
        var windowEnd = until ?? now;
        if (until is { } bound && bound <= windowStart)
        {
            yield break;
        }

        var queued = options.IncludeQueuedCalls ? await ReadUndialledAsync(client, windowStart, pageSize, cancellationToken).ConfigureAwait(false) : [];
        var sliceLength = Duration.FromTimeSpan(options.SliceDuration);
        var cursor = windowStart;
        var yielded = 0;
        while (true)
        {
            // The last slice of an open-ended read has no upper filter, so calls that start while it runs are not lost
            // between "now" and the request; the next read's checkpoint covers them either way.
            var sliceEnd = cursor + sliceLength;
            var last = sliceEnd >= windowEnd;
            Instant? upperFilter = last ? (until is { } u ? FloorToSecond(u - Duration.Epsilon) : null) : sliceEnd - Duration.FromSeconds(1);
            var calls = await ReadSliceAsync(client, cursor, upperFilter, pageSize, sliceLength > Duration.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            if (calls is null)
            {
                sliceLength = Halve(sliceLength);
                Log.SliceSplit(logger, Name, sliceLength.ToTimeSpan());
                continue;
            }

            var sliceTo = last ? (Instant?)null : sliceEnd;
            foreach (var call in queued.Where(c => InSlice(c.Time, cursor, sliceTo)))
            {
                calls.TryAdd(call.Dto.Sid!, call);
            }

            var ordered = calls.Values
                .Where(c => (since is null || since.IsBefore(c.Time, c.Dto.Sid!)) && (until is null || c.Time < until))
                .OrderBy(c => c.Time)
                .ThenBy(c => c.Dto.Sid, StringComparer.Ordinal)
                .ToList();
            var recordings = options.IncludeRecordings ? await ReadRecordingsAsync(client, ordered, pageSize, cancellationToken).ConfigureAwait(false) : null;
            Log.SliceRead(logger, Name, calls.Count, ordered.Count);
            foreach (var call in ordered)
            {
                // A slice is yielded from memory: without this a cancelled read would run to the slice's end.
                cancellationToken.ThrowIfCancellationRequested();
                var recording = recordings is not null && recordings.TryGetValue(call.Dto.Sid!, out var found) ? found : null;
                var record = mapper.Map(call.Dto, client.RecordingMedia(recording?.Uri), recording?.Sid);
                yielded++;
                yield return new SourceItem<CallRecord>(record, new WatermarkCheckpoint(call.Time, call.Dto.Sid!));
            }

            if (last)
            {
                break;
            }

            cursor = sliceEnd;
            if (calls.Count < options.MaxCallsPerSlice / 4 && sliceLength < Duration.FromDays(32))
            {
                sliceLength += sliceLength;
            }
        }

        Log.ReadCompleted(logger, Name, yielded);
    }

    /// <summary>Reads every page of one slice, or returns <see langword="null"/> when it holds more calls than a slice
    /// may (and is longer than a second, so it can be split).</summary>
    private async Task<Dictionary<string, TimedCall>?> ReadSliceAsync(TwilioApiClient client, Instant from, Instant? to, int pageSize, bool splittable, CancellationToken cancellationToken)
    {
        var calls = new Dictionary<string, TimedCall>(StringComparer.Ordinal);
        Uri? next = client.CallsStartedBetween(from, to, pageSize);
        while (next is not null)
        {
            var page = await client.GetCallPageAsync(next, cancellationToken).ConfigureAwait(false);
            foreach (var call in page.Calls ?? [])
            {
                if (string.IsNullOrEmpty(call.Sid))
                {
                    throw TwilioCallMapper.Malformed("a call has no sid");
                }

                // Pages can shift while calls are added; a call seen twice is kept once (Twilio's list is not a snapshot).
                calls[call.Sid] = new TimedCall(call, mapper.WatermarkTime(call));
            }

            if (calls.Count > options.MaxCallsPerSlice && splittable)
            {
                return null;
            }

            next = string.IsNullOrEmpty(page.NextPageUri) ? null : client.NextPage(page.NextPageUri);
        }

        return calls;
    }

    /// <summary>Reads the calls with no start time: every queued one, and those cancelled or failed before they were
    /// dialled since <paramref name="windowStart"/>. Twilio gives neither a start time, so once a queued call ends that
    /// way no start-time slice finds it and, without this, it would stay queued downstream.</summary>
    private async Task<List<TimedCall>> ReadUndialledAsync(TwilioApiClient client, Instant windowStart, int pageSize, CancellationToken cancellationToken)
    {
        var calls = await ReadWithoutStartAsync(client, "queued", null, pageSize, cancellationToken).ConfigureAwait(false);
        foreach (var status in EndedUndialled)
        {
            calls.AddRange(await ReadWithoutStartAsync(client, status, windowStart, pageSize, cancellationToken).ConfigureAwait(false));
        }

        return calls;
    }

    /// <summary>Reads the calls of one status that have no start time. With <paramref name="since"/>, stops at the first call
    /// last updated before it: Twilio lists calls newest first, and a call's <c>date_updated</c> is never before its
    /// <c>date_created</c>, so every later call of the list was created and last changed before the window too.</summary>
    private async Task<List<TimedCall>> ReadWithoutStartAsync(TwilioApiClient client, string status, Instant? since, int pageSize, CancellationToken cancellationToken)
    {
        var found = new List<TimedCall>();
        Uri? next = client.CallsWithStatus(status, pageSize);
        while (next is not null)
        {
            var page = await client.GetCallPageAsync(next, cancellationToken).ConfigureAwait(false);
            foreach (var call in page.Calls ?? [])
            {
                if (since is { } start && (mapper.ParseOptional(call.DateUpdated, "date_updated") ?? mapper.WatermarkTime(call)) < start)
                {
                    return found;
                }

                // A call dialled since it was listed has a start time: the start-time slices find it.
                if (!string.IsNullOrEmpty(call.Sid) && string.IsNullOrEmpty(call.StartTime))
                {
                    found.Add(new TimedCall(call, mapper.WatermarkTime(call)));
                }
            }

            next = string.IsNullOrEmpty(page.NextPageUri) ? null : client.NextPage(page.NextPageUri);
        }

        return found;
    }

    /// <summary>Finds the recordings of the slice's answered calls with one list of the account's recordings created
    /// between the first such call's start and the last one's end (plus a grace), instead of one request per call.</summary>
    private async Task<Dictionary<string, TwilioRecordingDto>?> ReadRecordingsAsync(TwilioApiClient client, List<TimedCall> calls, int pageSize, CancellationToken cancellationToken)
    {
        var answered = calls.Where(c => c.Dto.Status == "completed" && c.Dto.Duration is { Length: > 0 } d && d != "0").ToList();
        if (answered.Count == 0)
        {
            return null;
        }

        var wanted = answered.Select(c => c.Dto.Sid!).ToHashSet(StringComparer.Ordinal);
        var from = FloorToSecond(answered.Min(c => c.Time));
        var to = answered.Max(c => mapper.ParseOptional(c.Dto.EndTime, "end_time") ?? c.Time) + RecordingGrace;
        var found = new Dictionary<string, TwilioRecordingDto>(StringComparer.Ordinal);
        Uri? next = client.RecordingsCreatedBetween(from, FloorToSecond(to), pageSize);
        while (next is not null)
        {
            var page = await client.GetRecordingPageAsync(next, cancellationToken).ConfigureAwait(false);
            foreach (var recording in page.Recordings ?? [])
            {
                if (recording.CallSid is { } callSid && wanted.Contains(callSid) && recording.Status is not "absent" and not "deleted"
                    && (!found.TryGetValue(callSid, out var other) || string.CompareOrdinal(recording.Sid, other.Sid) < 0))
                {
                    // Several recordings of one call: keep one deterministically (the lowest SID), whatever the page order.
                    found[callSid] = recording;
                }
            }

            next = string.IsNullOrEmpty(page.NextPageUri) ? null : client.NextPage(page.NextPageUri);
        }

        Log.RecordingsMatched(logger, Name, answered.Count, found.Count);
        return found;
    }

    private static bool InSlice(Instant time, Instant from, Instant? to) => time >= from && (to is null || time < to);

    // ToUnixTimeSeconds truncates towards the start of time, so this floors before the epoch too.
    private static Instant FloorToSecond(Instant instant) => Instant.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());

    private static Duration Halve(Duration length) =>
        Duration.FromSeconds(Math.Max(1, (long)length.TotalSeconds / 2));

    private sealed record TimedCall(TwilioCallDto Dto, Instant Time);
}
