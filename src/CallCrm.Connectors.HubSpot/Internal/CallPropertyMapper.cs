using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>Maps a <see cref="CallRecord"/> to HubSpot call engagement properties.</summary>
internal static class CallPropertyMapper
{
    /// <summary>The label of the disposition line of <c>hs_call_body</c> (read back by <see cref="CallEngagementMapper"/>).</summary>
    public const string DispositionLabel = "Disposition: ";

    /// <summary>The label of the agent line of <c>hs_call_body</c> (read back by <see cref="CallEngagementMapper"/>).</summary>
    public const string AgentLabel = "Agent: ";

    public static Dictionary<string, string?> Map(CallRecord call, CallerResolution resolution, HubSpotOptions options, bool includeSourceId)
    {
        var properties = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["hs_timestamp"] = HubSpotValues.Format(call.StartedAt),
            ["hs_call_title"] = Title(call),
            ["hs_call_status"] = Status(call.Status),
        };

        if (Direction(call.Direction) is { } direction)
        {
            properties["hs_call_direction"] = direction;
        }

        var duration = call.Duration ?? (call.AnsweredAt is { } answered && call.EndedAt is { } ended ? ended - answered : null);
        if (duration is { } d)
        {
            // Negative durations are sent as they are: HubSpot refuses them and the record fails on its own.
            properties["hs_call_duration"] = ((long)d.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        }

        if ((call.From.E164 ?? call.From.Raw) is { Length: > 0 } from)
        {
            properties["hs_call_from_number"] = from;
        }

        if ((call.To.E164 ?? call.To.Raw) is { Length: > 0 } to)
        {
            properties["hs_call_to_number"] = to;
        }

        if (call.RecordingUrl is { } recording)
        {
            properties["hs_call_recording_url"] = recording.AbsoluteUri;
        }

        if (Body(call, resolution) is { } body)
        {
            properties["hs_call_body"] = body;
        }

        if (options.ResolutionFlagProperty is { Length: > 0 } flag)
        {
            // Always sent: an update that left it out would keep the flag of an earlier, unresolved version.
            properties[flag] = resolution.IsFlagged ? "true" : "false";
        }

        foreach (var (field, value) in call.CustomFields)
        {
            if (options.CustomFieldProperties.TryGetValue(field, out var property))
            {
                properties[property] = value;
            }
        }

        if (includeSourceId)
        {
            properties[options.SourceCallIdProperty] = call.Key;
        }

        return properties;
    }

    public static string? Direction(CallDirection direction) => direction switch
    {
        CallDirection.Inbound => "INBOUND",
        CallDirection.Outbound => "OUTBOUND",
        _ => null,
    };

    public static string Status(CallStatus status) => status switch
    {
        CallStatus.Queued => "QUEUED",
        CallStatus.Ringing => "RINGING",
        CallStatus.InProgress => "IN_PROGRESS",
        CallStatus.Completed => "COMPLETED",
        CallStatus.Busy => "BUSY",
        CallStatus.NoAnswer => "NO_ANSWER",
        CallStatus.Failed => "FAILED",
        CallStatus.Canceled => "CANCELED",
        // HubSpot has no "unknown": a call whose state the source did not say is reported as not connected.
        _ => "FAILED",
    };

    private static string Title(CallRecord call)
    {
        var kind = call.Direction switch
        {
            CallDirection.Inbound => "Inbound call",
            CallDirection.Outbound => "Outbound call",
            CallDirection.Internal => "Internal call",
            _ => "Call",
        };
        return string.IsNullOrWhiteSpace(call.Queue) ? kind : string.Concat(kind, " (", call.Queue, ")");
    }

    private static string? Body(CallRecord call, CallerResolution resolution)
    {
        var body = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(call.Disposition))
        {
            body.Append(DispositionLabel).Append(call.Disposition);
        }

        if (!string.IsNullOrWhiteSpace(call.Agent))
        {
            body.Append(body.Length > 0 ? "\n" : string.Empty).Append(AgentLabel).Append(call.Agent);
        }

        if (resolution.AgentNote is { } note)
        {
            body.Append(body.Length > 0 ? "\n" : string.Empty).Append(note);
        }

        return body.Length == 0 ? null : body.ToString();
    }
}
