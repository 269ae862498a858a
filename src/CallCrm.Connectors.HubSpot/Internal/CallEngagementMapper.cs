using System;
using System.Collections.Generic;
using System.Globalization;
using CallCrm.Connectors.HubSpot.Api;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Normalization;
using NodaTime;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>
/// Reads a HubSpot call engagement back into a <see cref="CallRecord"/> for a screen-pop card: the reverse of
/// <see cref="CallPropertyMapper"/> for engagements the sink wrote, a best effort for ones logged by hand or by other apps.
/// </summary>
internal static class CallEngagementMapper
{
    /// <summary>The <see cref="CallRecord.SourceSystem"/> of an engagement that carries no source call id.</summary>
    public const string HubSpotSourceSystem = "hubspot";

    /// <summary>The <see cref="CallRecord.CustomFields"/> key holding the engagement's HubSpot id.</summary>
    public const string EngagementIdField = "hs_object_id";

    // The kinds CallPropertyMapper starts a title with.
    private static readonly HashSet<string> TitleKinds = new(StringComparer.Ordinal) { "Inbound call", "Outbound call", "Internal call", "Call" };

    /// <summary>The call properties a lookup reads.</summary>
    public static IReadOnlyList<string> Properties(HubSpotOptions options) =>
    [
        "hs_timestamp", "hs_call_title", "hs_call_status", "hs_call_direction", "hs_call_duration", "hs_call_from_number",
        "hs_call_to_number", "hs_call_recording_url", "hs_call_body", "hs_lastmodifieddate", options.SourceCallIdProperty,
    ];

    /// <summary>Maps an engagement read with <see cref="Properties"/>; <see langword="null"/> when it has no <c>hs_timestamp</c>.</summary>
    public static CallRecord? ToCallRecord(HubSpotObjectDto call, string contactId, HubSpotOptions options, IPhoneNumberNormalizer normalizer, string? region)
    {
        if (HubSpotValues.ParseInstant(call.Property("hs_timestamp")) is not { } startedAt)
        {
            return null;
        }

        // Engagements the sink wrote carry CallRecord.Key ("twilio:CA…"): the card links back to the call system's record.
        var (sourceSystem, sourceId) = call.Property(options.SourceCallIdProperty) is { } key && key.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && colon < key.Length - 1
            ? (key[..colon], key[(colon + 1)..])
            : (HubSpotSourceSystem, call.Id);
        var status = Status(call.Property("hs_call_status"));
        var (disposition, agent) = ReadBody(call.Property("hs_call_body"));
        return new CallRecord
        {
            SourceSystem = sourceSystem,
            SourceId = sourceId,
            Direction = Direction(call.Property("hs_call_direction")),
            From = Phone(call.Property("hs_call_from_number"), normalizer, region),
            To = Phone(call.Property("hs_call_to_number"), normalizer, region),
            Agent = agent,
            Queue = Queue(call.Property("hs_call_title")),
            StartedAt = startedAt,
            Duration = long.TryParse(call.Property("hs_call_duration"), NumberStyles.None, CultureInfo.InvariantCulture, out var millis) ? Duration.FromMilliseconds(millis) : null,
            Status = status,
            Disposition = disposition,
            RecordingUrl = Uri.TryCreate(call.Property("hs_call_recording_url"), UriKind.Absolute, out var recording) ? recording : null,
            CustomerReference = contactId,
            UpdatedAt = HubSpotValues.ParseInstant(call.Property("hs_lastmodifieddate")),
            IsFinal = status.IsFinal(),
            CustomFields = new Dictionary<string, string>(1, StringComparer.Ordinal) { [EngagementIdField] = call.Id },
        };
    }

    private static CallDirection Direction(string? value) => value?.ToUpperInvariant() switch
    {
        "INBOUND" => CallDirection.Inbound,
        "OUTBOUND" => CallDirection.Outbound,
        _ => CallDirection.Unknown,
    };

    private static CallStatus Status(string? value) => value?.ToUpperInvariant() switch
    {
        "QUEUED" => CallStatus.Queued,
        "RINGING" => CallStatus.Ringing,
        "IN_PROGRESS" or "CONNECTING" => CallStatus.InProgress,
        "COMPLETED" => CallStatus.Completed,
        "BUSY" => CallStatus.Busy,
        "NO_ANSWER" => CallStatus.NoAnswer,
        "FAILED" => CallStatus.Failed,
        "CANCELED" => CallStatus.Canceled,
        _ => CallStatus.Unknown,
    };

    private static PhoneNumber Phone(string? raw, IPhoneNumberNormalizer normalizer, string? region) =>
        string.IsNullOrWhiteSpace(raw) ? PhoneNumber.Empty : normalizer.Normalize(raw, region).ToPhoneNumber();

    /// <summary>The queue the sink put in the title (<c>Inbound call (Support)</c>); other titles name no queue.</summary>
    private static string? Queue(string? title)
    {
        var open = title?.IndexOf(" (", StringComparison.Ordinal) ?? -1;
        return open > 0 && title!.EndsWith(')') && title.Length - open > 3 && TitleKinds.Contains(title[..open]) ? title[(open + 2)..^1] : null;
    }

    /// <summary>The disposition and agent lines the sink wrote to <c>hs_call_body</c>; other lines are notes and are skipped.</summary>
    private static (string? Disposition, string? Agent) ReadBody(string? body)
    {
        string? disposition = null;
        string? agent = null;
        foreach (var line in (body ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (disposition is null && line.StartsWith(CallPropertyMapper.DispositionLabel.TrimEnd(), StringComparison.Ordinal))
            {
                disposition = line[CallPropertyMapper.DispositionLabel.TrimEnd().Length..].Trim();
            }
            else if (agent is null && line.StartsWith(CallPropertyMapper.AgentLabel.TrimEnd(), StringComparison.Ordinal))
            {
                agent = line[CallPropertyMapper.AgentLabel.TrimEnd().Length..].Trim();
            }
        }

        return (disposition is { Length: > 0 } ? disposition : null, agent is { Length: > 0 } ? agent : null);
    }
}
