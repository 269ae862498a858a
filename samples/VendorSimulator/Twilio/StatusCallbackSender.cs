using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.VendorSimulator.Infrastructure;

namespace CallCrm.Connectors.VendorSimulator.Twilio;

/// <summary>Sends call status callbacks the way Twilio does: a form POST per status change with <c>CallSid</c>, <c>CallStatus</c>,
/// <c>SequenceNumber</c> (per call, from 0), <c>Timestamp</c> (RFC 2822), <c>CallDuration</c> once final, <c>From</c>, <c>To</c>,
/// <c>Direction</c>, <c>AccountSid</c>, <c>ApiVersion</c> and <c>CallbackSource</c>, signed in <c>X-Twilio-Signature</c> (base64
/// HMAC-SHA1 with the auth token over the URL followed by the parameters sorted by name, each name then value). Retries on a
/// non-2xx answer or no answer, sends some callbacks twice and holds some back so that later ones overtake them (at the rates
/// of <see cref="StatusCallbackSettings"/>). Each callback is delivered on its own task.</summary>
internal sealed class StatusCallbackSender : IAsyncDisposable
{
    private readonly StatusCallbackSettings settings;
    private readonly Uri url;
    private readonly byte[] key;
    private readonly string accountSid;
    private readonly TimeProvider time;
    private readonly SeededRandom random;
    private readonly HttpClient http;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<Task, byte> inFlight = new();
    private readonly Dictionary<string, int> sequences = new(StringComparer.Ordinal);

    // Callbacks held back, per call: each is released when a later callback of its call was delivered (so it arrives after it),
    // or after the reorder delay when none comes.
    private readonly Dictionary<string, List<(int Sequence, TaskCompletionSource Release)>> held = new(StringComparer.Ordinal);
    private long sent;
    private long delivered;
    private long retries;
    private long duplicates;
    private long reordered;
    private long abandoned;

    public StatusCallbackSender(StatusCallbackSettings settings, string accountSid, string authToken, TimeProvider time, int seed, HttpMessageHandler? handler = null)
    {
        this.settings = settings;
        url = settings.Url ?? throw new ArgumentException("No callback URL.", nameof(settings));
        this.accountSid = accountSid;
        key = Encoding.UTF8.GetBytes(authToken);
        this.time = time;
        random = new SeededRandom(seed);
        http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.Timeout = TimeSpan.FromSeconds(15); // Twilio waits 15 s for a status callback's answer.
    }

    /// <summary>Gets the callbacks' counts: POSTs made, callbacks answered 2xx, retries, duplicates sent, reordered, given up.</summary>
    public (long Sent, long Delivered, long Retries, long Duplicates, long Reordered, long Abandoned) Counts =>
        (Interlocked.Read(ref sent), Interlocked.Read(ref delivered), Interlocked.Read(ref retries), Interlocked.Read(ref duplicates), Interlocked.Read(ref reordered), Interlocked.Read(ref abandoned));

    /// <summary>Computes Twilio's signature of a form POST.</summary>
    public static string Sign(byte[] key, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

#pragma warning disable CA5350 // Twilio's scheme is HMAC-SHA1.
        return Convert.ToBase64String(HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    /// <summary>Builds the callback of the call's current state (called under the store's lock) and starts delivering it.</summary>
    public void StatusChanged(TwilioCall call)
    {
        int sequence;
        TaskCompletionSource? release = null;
        lock (sequences)
        {
            sequence = sequences.TryGetValue(call.Sid, out var last) ? last + 1 : 0;
            sequences[call.Sid] = sequence;

            // Decided here, in status-change order, so a seed gives the same callbacks held back every run.
            if (settings.ReorderRate > 0 && random.NextDouble() < settings.ReorderRate)
            {
                release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (!held.TryGetValue(call.Sid, out var list))
                {
                    held[call.Sid] = list = [];
                }

                list.Add((sequence, release));
            }
        }

        var form = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", accountSid),
            new("ApiVersion", "2010-04-01"),
            new("CallSid", call.Sid),
            new("CallStatus", call.Status),
            new("CallbackSource", "call-progress-events"),
            new("Called", call.To),
            new("Caller", call.From),
            new("Direction", call.Direction),
            new("From", call.From),
            new("To", call.To),
            new("SequenceNumber", sequence.ToString(CultureInfo.InvariantCulture)),
            new("Timestamp", time.GetUtcNow().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)),
        };
        if (TwilioCall.IsFinal(call.Status))
        {
            form.Add(new("CallDuration", (call.DurationSeconds ?? 0).ToString(CultureInfo.InvariantCulture)));
        }

        if (call.ParentCallSid is { } parent)
        {
            form.Add(new("ParentCallSid", parent));
        }

        var task = DeliverAsync(call.Sid, sequence, form, release, stop.Token);
        inFlight.TryAdd(task, 0);
        _ = task.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _), inFlight, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task DeliverAsync(string sid, int sequence, List<KeyValuePair<string, string>> form, TaskCompletionSource? release, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            if (release is not null)
            {
                Interlocked.Increment(ref reordered);
                await Task.WhenAny(release.Task, Task.Delay(settings.ReorderDelay, time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!await SendWithRetriesAsync(form, cancellationToken))
            {
                Interlocked.Increment(ref abandoned);
                return;
            }

            ReleaseEarlier(sid, sequence);

            if (settings.DuplicateRate > 0 && random.NextDouble() < settings.DuplicateRate)
            {
                Interlocked.Increment(ref duplicates);
                await SendWithRetriesAsync(form, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void ReleaseEarlier(string sid, int sequence)
    {
        lock (sequences)
        {
            if (!held.TryGetValue(sid, out var list))
            {
                return;
            }

            list.RemoveAll(h =>
            {
                if (h.Sequence >= sequence)
                {
                    return false;
                }

                h.Release.TrySetResult();
                return true;
            });
            if (list.Count == 0)
            {
                held.Remove(sid);
            }
        }
    }

    private async Task<bool> SendWithRetriesAsync(List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var delay = settings.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            if (await SendOnceAsync(form, cancellationToken))
            {
                Interlocked.Increment(ref delivered);
                return true;
            }

            if (attempt >= settings.MaxAttempts)
            {
                return false;
            }

            Interlocked.Increment(ref retries);
            await Task.Delay(delay, time, cancellationToken);
            delay *= 2;
        }
    }

    private async Task<bool> SendOnceAsync(List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", Sign(key, url.OriginalString, form));
        request.Headers.UserAgent.ParseAdd("TwilioProxy/1.1");
        Interlocked.Increment(ref sent);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>Waits for the callbacks in flight (for at most <paramref name="timeout"/>).</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var pending = inFlight.Keys.ToArray();
        if (pending.Length > 0)
        {
            await Task.WhenAny(Task.WhenAll(pending), Task.Delay(timeout, time));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(inFlight.Keys.ToArray());
        }
        catch (OperationCanceledException)
        {
        }

        http.Dispose();
        stop.Dispose();
    }
}
