using System;
using System.Collections.Generic;
using System.Globalization;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Twilio.Internal.Json;
using NodaTime;

namespace CallCrm.Connectors.Twilio.Internal;

/// <summary>Turns Twilio's call fields (from the REST list or a status callback) into <see cref="CallRecord"/>s.</summary>
internal sealed class TwilioCallMapper
{
    public const string SystemName = "twilio";
    public const string DisplayName = "Twilio";
    private const string ClientPrefix = "client:";

    private readonly PhoneNumberNormalizer phones;
    private readonly DateTimeNormalizer dates = new(new DateTimeNormalizerOptions { DefaultZone = "Etc/UTC", AcceptUnixTimestamps = false });
    private readonly string region;

    public TwilioCallMapper(string defaultRegion)
    {
        region = defaultRegion.ToUpperInvariant();
        var options = new PhoneNumberNormalizerOptions { DefaultRegion = region };
        foreach (var marker in TwilioWithheldCallerIds.Markers)
        {
            options.AdditionalWithheldMarkers.Add(marker);
        }

        phones = new PhoneNumberNormalizer(options);
    }

    /// <summary>Gets Twilio's status as the SDK's; <c>initiated</c> (callbacks only) is the dialling before ringing.</summary>
    public static CallStatus ToStatus(string? status) => status switch
    {
        "queued" or "initiated" => CallStatus.Queued,
        "ringing" => CallStatus.Ringing,
        "in-progress" => CallStatus.InProgress,
        "completed" => CallStatus.Completed,
        "busy" => CallStatus.Busy,
        "no-answer" => CallStatus.NoAnswer,
        "failed" => CallStatus.Failed,
        "canceled" => CallStatus.Canceled,
        _ => CallStatus.Unknown,
    };

    /// <summary>Gets the direction: <c>inbound</c> is inbound; <c>outbound-api</c> and <c>outbound-dial</c> are outbound,
    /// except a dialled leg to a Twilio Client identity (an agent leg of another call), which is internal.</summary>
    public static CallDirection ToDirection(string? direction, string? to) => direction switch
    {
        "inbound" => CallDirection.Inbound,
        "outbound-api" => CallDirection.Outbound,
        "outbound-dial" => IsIdentity(to) ? CallDirection.Internal : CallDirection.Outbound,
        _ => CallDirection.Unknown,
    };

    /// <summary>Gets whether the call will not change any more. A status the SDK does not know is final only once the
    /// call has an end time, so that it neither holds the watermark for ever nor passes a live call.</summary>
    public static bool IsFinal(CallStatus status, bool hasEnded) => status.IsFinal() || (status == CallStatus.Unknown && hasEnded);

    /// <summary>Maps a call of the REST list; <paramref name="recordingUrl"/> is its recording's media URL, if any.</summary>
    public CallRecord Map(TwilioCallDto call, Uri? recordingUrl, string? recordingSid)
    {
        var sid = call.Sid!;
        var status = ToStatus(call.Status);
        var endedAt = ParseOptional(call.EndTime, "end_time");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(fields, "direction", call.Direction);
        Add(fields, "price", call.Price);
        Add(fields, "price_unit", call.Price is null ? null : call.PriceUnit);
        Add(fields, "answered_by", call.AnsweredBy);
        Add(fields, "forwarded_from", call.ForwardedFrom);
        Add(fields, "caller_name", call.CallerName);
        Add(fields, "queue_time", call.QueueTime);
        Add(fields, "group_sid", call.GroupSid);
        Add(fields, "trunk_sid", call.TrunkSid);
        Add(fields, "phone_number_sid", call.PhoneNumberSid);
        Add(fields, "recording_sid", recordingSid);
        return new CallRecord
        {
            SourceSystem = SystemName,
            SourceId = sid,
            Direction = ToDirection(call.Direction, call.To),
            From = Phone(call.From),
            To = Phone(call.To),
            Agent = AgentOf(call.From, call.To),
            StartedAt = WatermarkTime(call),
            EndedAt = endedAt,
            Duration = ParseSeconds(call.Duration, "duration"),
            Status = status,
            RecordingUrl = recordingUrl,
            ParentSourceId = string.IsNullOrEmpty(call.ParentCallSid) ? null : call.ParentCallSid,
            UpdatedAt = ParseOptional(call.DateUpdated, "date_updated"),
            IsFinal = IsFinal(status, endedAt is not null),
            CustomFields = fields,
        };
    }

    /// <summary>Gets the instant a call is ordered by: <c>start_time</c>, or <c>date_created</c> for a call not yet
    /// dialled (queued), which has no start time.</summary>
    public Instant WatermarkTime(TwilioCallDto call) =>
        ParseOptional(call.StartTime, "start_time") ?? ParseOptional(call.DateCreated, "date_created")
        ?? throw Malformed("call " + call.Sid + " has neither start_time nor date_created");

    /// <summary>Normalizes a number; hidden callers (<c>anonymous</c>, <c>+266696687</c>) and Client identities keep
    /// their raw value with no E.164 form.</summary>
    public PhoneNumber Phone(string? raw)
    {
        if (IsIdentity(raw))
        {
            return new PhoneNumber(raw);
        }

        return phones.Normalize(raw, region).ToPhoneNumber();
    }

    /// <summary>Gets the agent: the Twilio Client identity on either end (<c>client:agent_07</c> gives <c>agent_07</c>).</summary>
    public static string? AgentOf(string? from, string? to) =>
        ClientIdentity(to) ?? ClientIdentity(from);

    public Instant Parse(string value, string field)
    {
        var result = dates.Normalize(value);
        return result.TryGetInstant(out var instant) ? instant : throw Malformed("field " + field + " is not a date (" + result.FailureReason + ")");
    }

    public Instant? ParseOptional(string? value, string field) => string.IsNullOrEmpty(value) ? null : Parse(value, field);

    public static Duration? ParseSeconds(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? NodaTime.Duration.FromSeconds(seconds)
            : throw Malformed("field " + field + " is not a whole number of seconds");
    }

    public static ConnectorException Malformed(string detail) => new(new ConnectorError
    {
        Code = ConnectorErrorCode.MalformedResponse,
        IsTransient = false,
        SystemName = DisplayName,
        TechnicalDetail = "Twilio sent an unreadable call: " + detail + ".",
    });

    public static void Add(Dictionary<string, string> fields, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            fields[name] = value;
        }
    }

    private static bool IsIdentity(string? value) => value is not null && value.StartsWith(ClientPrefix, StringComparison.OrdinalIgnoreCase);

    private static string? ClientIdentity(string? value) =>
        value is not null && value.StartsWith(ClientPrefix, StringComparison.OrdinalIgnoreCase) && value.Length > ClientPrefix.Length
            ? value[ClientPrefix.Length..]
            : null;
}
