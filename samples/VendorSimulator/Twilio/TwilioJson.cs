using System.Globalization;
using System.Text.Json.Nodes;

namespace CallCrm.Connectors.VendorSimulator.Twilio;

/// <summary>Renders Twilio resources exactly as API 2010-04-01 sends them (every field present, nulls explicit).</summary>
internal static class TwilioJson
{
    private static readonly (string Key, string Path)[] CallSubresourcePaths =
    [
        ("notifications", "Notifications"), ("recordings", "Recordings"), ("payments", "Payments"), ("events", "Events"),
        ("siprec", "Siprec"), ("streams", "Streams"), ("transcriptions", "Transcriptions"),
        ("user_defined_message_subscriptions", "UserDefinedMessageSubscriptions"), ("user_defined_messages", "UserDefinedMessages"),
    ];

    public static JsonObject Call(TwilioCall call, string accountSid)
    {
        var uri = $"/2010-04-01/Accounts/{accountSid}/Calls/{call.Sid}";
        var subresources = new JsonObject();
        foreach (var (key, path) in CallSubresourcePaths)
        {
            subresources[key] = $"{uri}/{path}.json";
        }

        return new JsonObject
        {
            ["sid"] = call.Sid,
            ["date_created"] = TwilioFormats.Date(call.DateCreated),
            ["date_updated"] = TwilioFormats.Date(call.DateUpdated),
            ["parent_call_sid"] = call.ParentCallSid,
            ["account_sid"] = accountSid,
            ["to"] = call.To,
            ["to_formatted"] = TwilioFormats.Formatted(call.To),
            ["from"] = call.From,
            ["from_formatted"] = TwilioFormats.Formatted(call.From),
            ["phone_number_sid"] = call.PhoneNumberSid,
            ["status"] = call.Status,
            ["start_time"] = call.StartTime is { } start ? TwilioFormats.Date(start) : null,
            ["end_time"] = call.EndTime is { } end ? TwilioFormats.Date(end) : null,
            ["duration"] = call.DurationSeconds?.ToString(CultureInfo.InvariantCulture),
            ["price"] = call.Price,
            ["price_unit"] = "USD",
            ["direction"] = call.Direction,
            ["answered_by"] = call.AnsweredBy,
            ["api_version"] = "2010-04-01",
            ["forwarded_from"] = call.ForwardedFrom,
            ["group_sid"] = call.GroupSid,
            ["caller_name"] = call.CallerName,
            ["queue_time"] = call.QueueTime,
            ["trunk_sid"] = null,
            ["uri"] = uri + ".json",
            ["subresource_uris"] = subresources,
        };
    }

    /// <summary>A recording as listed under a call (<c>call_recording</c> schema).</summary>
    public static JsonObject CallRecording(TwilioRecording recording, string accountSid) => new()
    {
        ["account_sid"] = accountSid,
        ["api_version"] = "2010-04-01",
        ["call_sid"] = recording.CallSid,
        ["conference_sid"] = null,
        ["date_created"] = TwilioFormats.Date(recording.DateCreated),
        ["date_updated"] = TwilioFormats.Date(recording.DateCreated),
        ["start_time"] = TwilioFormats.Date(recording.StartTime),
        ["duration"] = recording.DurationSeconds.ToString(CultureInfo.InvariantCulture),
        ["sid"] = recording.Sid,
        ["price"] = recording.Price,
        ["price_unit"] = "USD",
        ["status"] = "completed",
        ["channels"] = recording.Channels,
        ["source"] = recording.Source,
        ["error_code"] = null,
        ["encryption_details"] = null,
        ["track"] = "both",
        ["uri"] = $"/2010-04-01/Accounts/{accountSid}/Calls/{recording.CallSid}/Recordings/{recording.Sid}.json",
    };

    /// <summary>A recording as listed for the account (<c>recording</c> schema).</summary>
    public static JsonObject AccountRecording(TwilioRecording recording, string accountSid)
    {
        var uri = $"/2010-04-01/Accounts/{accountSid}/Recordings/{recording.Sid}";
        return new JsonObject
        {
            ["account_sid"] = accountSid,
            ["api_version"] = "2010-04-01",
            ["call_sid"] = recording.CallSid,
            ["conference_sid"] = null,
            ["date_created"] = TwilioFormats.Date(recording.DateCreated),
            ["date_updated"] = TwilioFormats.Date(recording.DateCreated),
            ["start_time"] = TwilioFormats.Date(recording.StartTime),
            ["duration"] = recording.DurationSeconds.ToString(CultureInfo.InvariantCulture),
            ["sid"] = recording.Sid,
            ["price"] = recording.Price,
            ["price_unit"] = "USD",
            ["status"] = "completed",
            ["channels"] = recording.Channels,
            ["source"] = recording.Source,
            ["error_code"] = null,
            ["uri"] = uri + ".json",
            ["encryption_details"] = null,
            ["subresource_uris"] = new JsonObject
            {
                ["add_on_results"] = uri + "/AddOnResults.json",
                ["transcriptions"] = uri + "/Transcriptions.json",
            },
            ["media_url"] = "https://api.twilio.com" + uri,
        };
    }
}
