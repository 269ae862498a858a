using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Security.Webhooks;
using CallCrm.Connectors.Twilio.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CallCrm.Connectors.Twilio.Webhooks;

/// <summary>Turns Twilio's call status callbacks (form-encoded POSTs) into <see cref="CallRecord"/>s, after checking
/// <c>X-Twilio-Signature</c> and refusing replays. Framework-neutral: a host passes the public URL, the form
/// parameters and the header, and answers the request from the result.</summary>
/// <remarks>
/// <para>The signature is HMAC-SHA1 with the account's auth token (<see cref="TwilioOptions.AuthToken"/>, required even
/// when the REST API uses an API key) over the URL exactly as configured in Twilio plus the sorted parameters.</para>
/// <para>An event is identified by <c>CallSid</c>, <c>CallStatus</c> and <c>SequenceNumber</c> (by the signature when
/// there is no sequence number) and remembered in the <see cref="IWebhookReplayStore"/> until its <c>Timestamp</c> plus
/// <see cref="TwilioOptions.CallbackReplayWindow"/>; a callback older than the window is refused as stale.</para>
/// <para>Callbacks carry no start time: a final call's start is its <c>Timestamp</c> minus <c>CallDuration</c>, an ongoing
/// call's is its <c>Timestamp</c>. The pull read (<see cref="TwilioCallSource"/>) later delivers Twilio's exact times
/// under the same key.</para>
/// </remarks>
public sealed class TwilioStatusCallbackHandler
{
    private readonly TwilioSignatureValidator validator;
    private readonly IWebhookReplayStore replayStore;
    private readonly TimeProvider timeProvider;
    private readonly TwilioCallMapper mapper;
    private readonly VendorUrlGuard guard;
    private readonly string accountSid;
    private readonly Duration window;
    private readonly ILogger logger;

    /// <summary>Initializes a new instance of the <see cref="TwilioStatusCallbackHandler"/> class.</summary>
    /// <param name="options">The Twilio options; <see cref="TwilioOptions.AuthToken"/> is required.</param>
    /// <param name="replayStore">Remembers accepted events; share one store between instances behind a load balancer.</param>
    /// <param name="timeProvider">The clock the replay window is measured with.</param>
    /// <param name="loggerFactory">Logs refusals (the reason only).</param>
    /// <exception cref="InvalidOperationException">No auth token is configured.</exception>
    public TwilioStatusCallbackHandler(IOptions<TwilioOptions> options, IWebhookReplayStore replayStore, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(replayStore);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var value = options.Value;
        if (value.AuthToken is not { IsEmpty: false } authToken)
        {
            throw new InvalidOperationException("Twilio status callbacks are signed with the account's auth token: set TwilioOptions.AuthToken (also when the REST API uses an API key).");
        }

        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        validator = new TwilioSignatureValidator(authToken, factory.CreateLogger<TwilioSignatureValidator>());
        this.replayStore = replayStore;
        this.timeProvider = timeProvider;
        mapper = new TwilioCallMapper(value.DefaultRegion);
        guard = new VendorUrlGuard(value.BaseAddress, null, value.AllowInsecureLoopback, TwilioCallMapper.DisplayName);
        accountSid = value.AccountSid;
        window = Duration.FromTimeSpan(value.CallbackReplayWindow);
        logger = factory.CreateLogger<TwilioStatusCallbackHandler>();
    }

    /// <summary>Checks and reads one status callback.</summary>
    /// <param name="url">The full public URL Twilio called (scheme, host, path and query as configured in Twilio).</param>
    /// <param name="form">The POST form parameters (a name may repeat).</param>
    /// <param name="signature">The <c>X-Twilio-Signature</c> header, or <see langword="null"/> when absent.</param>
    /// <param name="cancellationToken">Cancels the replay-store access.</param>
    /// <returns>The call record, or why the callback is refused.</returns>
    public async ValueTask<TwilioStatusCallbackResult> HandleAsync(string url, IEnumerable<KeyValuePair<string, string?>> form, string? signature, CancellationToken cancellationToken = default) =>
        (await CheckAsync(url, form, signature, cancellationToken).ConfigureAwait(false)).Result;

    private async ValueTask<(TwilioStatusCallbackResult Result, string? EventKey)> CheckAsync(string url, IEnumerable<KeyValuePair<string, string?>> form, string? signature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(form);
        var parameters = form.ToList();
        var verdict = validator.Validate(url, parameters, signature);
        if (verdict != WebhookValidationResult.Valid)
        {
            return (Refuse(verdict == WebhookValidationResult.MissingSignature ? TwilioCallbackRefusal.MissingSignature : TwilioCallbackRefusal.InvalidSignature), null);
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            if (value is not null)
            {
                fields.TryAdd(name, value);
            }
        }

        if (fields.TryGetValue("AccountSid", out var account) && !string.Equals(account, accountSid, StringComparison.Ordinal))
        {
            return (Refuse(TwilioCallbackRefusal.WrongAccount), null);
        }

        var now = Instant.FromDateTimeOffset(timeProvider.GetUtcNow());
        CallRecord record;
        try
        {
            record = ToRecord(fields, now);
        }
        catch (ConnectorException)
        {
            return (Refuse(TwilioCallbackRefusal.InvalidPayload), null);
        }

        var at = record.UpdatedAt ?? now;
        if (at < now - window || at > now + window)
        {
            return (Refuse(TwilioCallbackRefusal.Stale), null);
        }

        var eventKey = fields.TryGetValue("SequenceNumber", out var sequence)
            ? string.Concat("twilio:", record.SourceId, ":", fields.GetValueOrDefault("CallStatus"), ":", sequence)
            : string.Concat("twilio-signature:", signature!.Trim());
        if (!await replayStore.TryRegisterAsync(eventKey, (at + window).ToDateTimeOffset(), cancellationToken).ConfigureAwait(false))
        {
            return (Refuse(TwilioCallbackRefusal.Replayed), null);
        }

        return (TwilioStatusCallbackResult.Accepted(record), eventKey);
    }

    /// <summary>Checks and reads one status callback and hands an accepted record to <paramref name="ingest"/>; the event
    /// counts as seen only once <paramref name="ingest"/> returned.</summary>
    /// <param name="url">The full public URL Twilio called (scheme, host, path and query as configured in Twilio).</param>
    /// <param name="form">The POST form parameters (a name may repeat).</param>
    /// <param name="signature">The <c>X-Twilio-Signature</c> header, or <see langword="null"/> when absent.</param>
    /// <param name="ingest">Stores the accepted record durably, e.g. <c>CallLogSync.IngestAsync</c>; it is not called for a refused callback.</param>
    /// <param name="cancellationToken">Cancels the replay-store access and the ingestion.</param>
    /// <returns>The call record, or why the callback is refused.</returns>
    /// <remarks>When <paramref name="ingest"/> throws, the event is forgotten again and the exception propagates (answer
    /// Twilio with an error): Twilio's retry of the same callback is then accepted rather than refused as a replay.</remarks>
    public async ValueTask<TwilioStatusCallbackResult> HandleAsync(
        string url,
        IEnumerable<KeyValuePair<string, string?>> form,
        string? signature,
        Func<CallRecord, CancellationToken, ValueTask> ingest,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ingest);
        var (result, eventKey) = await CheckAsync(url, form, signature, cancellationToken).ConfigureAwait(false);
        if (result.IsAccepted && eventKey is not null)
        {
            try
            {
                await ingest(result.Record, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Not ingested: Twilio retries the callback, and the retry must not be refused as a replay.
                await replayStore.ForgetAsync(eventKey, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        return result;
    }

    private CallRecord ToRecord(Dictionary<string, string> fields, Instant now)
    {
        var sid = fields.GetValueOrDefault("CallSid");
        if (string.IsNullOrEmpty(sid))
        {
            throw TwilioCallMapper.Malformed("the callback has no CallSid");
        }

        var status = TwilioCallMapper.ToStatus(fields.GetValueOrDefault("CallStatus"));
        var timestamp = mapper.ParseOptional(fields.GetValueOrDefault("Timestamp"), "Timestamp") ?? now;
        var duration = TwilioCallMapper.ParseSeconds(fields.GetValueOrDefault("CallDuration"), "CallDuration");
        var final = TwilioCallMapper.IsFinal(status, hasEnded: false);
        var custom = new Dictionary<string, string>(StringComparer.Ordinal);
        TwilioCallMapper.Add(custom, "direction", fields.GetValueOrDefault("Direction"));
        TwilioCallMapper.Add(custom, "answered_by", fields.GetValueOrDefault("AnsweredBy"));
        TwilioCallMapper.Add(custom, "forwarded_from", fields.GetValueOrDefault("ForwardedFrom"));
        TwilioCallMapper.Add(custom, "caller_name", fields.GetValueOrDefault("CallerName"));
        TwilioCallMapper.Add(custom, "recording_sid", fields.GetValueOrDefault("RecordingSid"));
        TwilioCallMapper.Add(custom, "sequence_number", fields.GetValueOrDefault("SequenceNumber"));
        TwilioCallMapper.Add(custom, "callback_source", fields.GetValueOrDefault("CallbackSource"));
        var to = fields.GetValueOrDefault("To");
        var from = fields.GetValueOrDefault("From");
        return new CallRecord
        {
            SourceSystem = TwilioCallMapper.SystemName,
            SourceId = sid,
            Direction = TwilioCallMapper.ToDirection(fields.GetValueOrDefault("Direction"), to),
            From = mapper.Phone(from),
            To = mapper.Phone(to),
            Agent = TwilioCallMapper.AgentOf(from, to),
            StartedAt = final && duration is { } talk ? timestamp - talk : timestamp,
            EndedAt = final ? timestamp : null,
            Duration = final ? duration : null,
            Status = status,
            // Only a link to Twilio's own API host is kept: a callback must not make the CRM point elsewhere.
            RecordingUrl = guard.TryResolve(fields.GetValueOrDefault("RecordingUrl"), out var recording) ? recording : null,
            ParentSourceId = fields.GetValueOrDefault("ParentCallSid") is { Length: > 0 } parent ? parent : null,
            UpdatedAt = timestamp,
            IsFinal = final,
            CustomFields = custom,
        };
    }

    private TwilioStatusCallbackResult Refuse(TwilioCallbackRefusal refusal)
    {
        Log.CallbackRefused(logger, TwilioCallMapper.SystemName, refusal.ToString());
        return TwilioStatusCallbackResult.Refused(refusal);
    }
}
