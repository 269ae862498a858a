using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CallCrm.Connectors.VendorSimulator.HubSpot;
using CallCrm.Connectors.VendorSimulator.Infrastructure;
using CallCrm.Connectors.VendorSimulator.Seeding;
using CallCrm.Connectors.VendorSimulator.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CallCrm.Connectors.VendorSimulator.Admin;

/// <summary>
/// The simulator's own endpoints (never faulted, never counted): state, faults, data changes and reset.
/// </summary>
internal static class AdminApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var sim = app.MapGroup("/_sim");
        sim.MapGet("/state", (HttpContext c, SimulatorRuntime r) => JsonResponses.WriteAsync(c, 200, r.Snapshot().ToJson()));
        sim.MapGet("/faults", (HttpContext c, SimulatorRuntime r) => JsonResponses.WriteAsync(c, 200, FaultSettingsJson.ToJson(r.Faults.Current)));
        sim.MapPost("/faults", SetFaultsAsync);
        sim.MapPost("/reset", ResetAsync);
        sim.MapPost("/twilio/calls", AddCallAsync);
        sim.MapPost("/twilio/calls/{sid}", UpdateCallAsync);
        sim.MapPost("/hubspot/contacts", AddContactAsync);
        sim.MapGet("/hubspot/calls", FindCallsAsync);
        sim.MapPost("/hubspot/contacts/{id}/tags", SetTagsAsync);
    }

    private static async Task<JsonObject?> BodyOrBadRequestAsync(HttpContext context, bool optional = false)
    {
        if (optional && context.Request.ContentLength is null or 0)
        {
            return [];
        }

        var body = await JsonResponses.ReadObjectAsync(context);
        if (body is null)
        {
            await BadRequestAsync(context, "The body must be a JSON object.");
        }

        return body;
    }

    private static Task BadRequestAsync(HttpContext context, string message) =>
        JsonResponses.WriteAsync(context, 400, new JsonObject { ["error"] = "bad_request", ["message"] = message });

    private static async Task SetFaultsAsync(HttpContext context, SimulatorRuntime runtime)
    {
        if (await BodyOrBadRequestAsync(context) is not { } body)
        {
            return;
        }

        try
        {
            runtime.Faults.Set(FaultSettingsJson.Apply(runtime.Faults.Current, body));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or JsonException)
        {
            await BadRequestAsync(context, e.Message);
            return;
        }

        await JsonResponses.WriteAsync(context, 200, FaultSettingsJson.ToJson(runtime.Faults.Current));
    }

    private static async Task ResetAsync(HttpContext context, SimulatorRuntime runtime)
    {
        if (await BodyOrBadRequestAsync(context, optional: true) is not { } body)
        {
            return;
        }

        runtime.Reset(body["seed"]?.GetValue<int>());
        await JsonResponses.WriteAsync(context, 200, runtime.Snapshot().ToJson());
    }

    /// <summary>
    /// Adds a Twilio call: <c>{"from","to","direction","status","startTime","durationSeconds","parentCallSid","sid"}</c>;
    /// only <c>from</c> and <c>to</c> are required (status defaults to in-progress, start to now).
    /// </summary>
    private static async Task AddCallAsync(HttpContext context, SimulatorRuntime runtime)
    {
        if (await BodyOrBadRequestAsync(context) is not { } body)
        {
            return;
        }

        var from = body["from"]?.GetValue<string>();
        var to = body["to"]?.GetValue<string>();
        var status = body["status"]?.GetValue<string>() ?? TwilioCallStatus.InProgress;
        var direction = body["direction"]?.GetValue<string>() ?? "inbound";
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to) || !TwilioCallStatus.All.Contains(status, StringComparer.Ordinal))
        {
            await BadRequestAsync(context, "from and to are required; status must be a Twilio call status.");
            return;
        }

        var now = runtime.TimeProvider.GetUtcNow();
        var start = body["startTime"] is { } startNode ? DateTimeOffset.Parse(startNode.GetValue<string>(), CultureInfo.InvariantCulture) : now;
        start = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var final = TwilioCall.IsFinal(status);
        var duration = body["durationSeconds"]?.GetValue<int>() ?? (status == TwilioCallStatus.Completed ? 60 : final ? 0 : (int?)null);
        var sid = body["sid"]?.GetValue<string>() ?? DataSeeder.Sid(new Random(HashCode.Combine(runtime.Options.Seed, runtime.Twilio.Count, start)), "CA");
        var call = new TwilioCall
        {
            Sid = sid,
            ParentCallSid = body["parentCallSid"]?.GetValue<string>(),
            DateCreated = start,
            DateUpdated = now,
            To = to,
            From = from,
            Status = status,
            StartTime = status == TwilioCallStatus.Queued ? null : start,
            EndTime = final ? start.AddSeconds(duration ?? 0) : null,
            DurationSeconds = final ? duration : null,
            Price = status == TwilioCallStatus.Completed ? "-0.01700" : null,
            Direction = direction,
            QueueTime = "0",
        };
        try
        {
            runtime.Twilio.AddRange([call]);
            runtime.Callbacks?.StatusChanged(call);
        }
        catch (InvalidOperationException e)
        {
            await BadRequestAsync(context, e.Message);
            return;
        }

        await WriteCallAsync(context, runtime, sid, 201);
    }

    /// <summary>Moves a call on: <c>{"status":"completed","durationSeconds":95}</c> sets end time, duration and price.</summary>
    private static async Task UpdateCallAsync(HttpContext context, string sid, SimulatorRuntime runtime)
    {
        if (await BodyOrBadRequestAsync(context) is not { } body)
        {
            return;
        }

        var status = body["status"]?.GetValue<string>();
        if (status is null || !TwilioCallStatus.All.Contains(status, StringComparer.Ordinal))
        {
            await BadRequestAsync(context, "status must be a Twilio call status.");
            return;
        }

        var now = runtime.TimeProvider.GetUtcNow();
        var duration = body["durationSeconds"]?.GetValue<int>();
        var found = runtime.Twilio.TryUpdate(sid, call =>
        {
            call.Status = status;
            call.DateUpdated = now;
            // A queued call cancelled or failed before it was dialled keeps no start time (and gets no end time), as on Twilio.
            var neverDialled = call.StartTime is null && status is TwilioCallStatus.Queued or TwilioCallStatus.Canceled or TwilioCallStatus.Failed;
            call.StartTime ??= neverDialled ? null : now;
            if (TwilioCall.IsFinal(status))
            {
                var seconds = duration ?? (status == TwilioCallStatus.Completed && call.StartTime is { } s ? (int)Math.Max(0, (now - s).TotalSeconds) : 0);
                call.DurationSeconds = seconds;
                call.EndTime = call.StartTime?.AddSeconds(seconds);
                call.Price = status == TwilioCallStatus.Completed ? (-Math.Ceiling(seconds / 60.0) * 0.0085).ToString("0.00000", CultureInfo.InvariantCulture) : null;
            }

            runtime.Callbacks?.StatusChanged(call);
        });
        if (!found)
        {
            await JsonResponses.WriteAsync(context, 404, new JsonObject { ["error"] = "not_found", ["message"] = $"No call {sid}." });
            return;
        }

        await WriteCallAsync(context, runtime, sid, 200);
    }

    private static Task WriteCallAsync(HttpContext context, SimulatorRuntime runtime, string sid, int status) =>
        JsonResponses.WriteAsync(context, status, runtime.Twilio.Read((_, bySid) => TwilioJson.Call(bySid[sid], runtime.Options.TwilioAccountSid)));

    /// <summary>
    /// Adds a HubSpot contact: <c>{"properties":{"firstname":"Ada","phone":"+44 20 7946 0000"},"lastModified":"…"}</c>.
    /// <c>lastModified</c> (ISO 8601, default now) sets both <c>createdate</c> and <c>lastmodifieddate</c>, so a test can
    /// seed contacts changed at chosen times (several sharing one) for incremental reads; the id is the next free one.
    /// </summary>
    private static async Task AddContactAsync(HttpContext context, SimulatorRuntime runtime)
    {
        if (await BodyOrBadRequestAsync(context) is not { } body)
        {
            return;
        }

        if (body["properties"] is not JsonObject properties || properties.Any(p => p.Value is not null && p.Value.GetValueKind() != JsonValueKind.String))
        {
            await BadRequestAsync(context, "properties must be an object of string values.");
            return;
        }

        if (properties.Any(p => p.Key is "hs_object_id" or "createdate" or "lastmodifieddate"))
        {
            await BadRequestAsync(context, "hs_object_id, createdate and lastmodifieddate are set by the simulator (use lastModified).");
            return;
        }

        DateTimeOffset modified;
        if (body["lastModified"] is { } stamp)
        {
            if (stamp.GetValueKind() != JsonValueKind.String
                || !DateTimeOffset.TryParse(stamp.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out modified))
            {
                await BadRequestAsync(context, "lastModified must be an ISO 8601 date-time.");
                return;
            }
        }
        else
        {
            modified = runtime.TimeProvider.GetUtcNow();
        }

        var values = properties.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>(), StringComparer.Ordinal);
        JsonObject json;
        lock (runtime.HubSpot.Gate)
        {
            json = HubSpotJson.Object(runtime.HubSpot.Add(HubSpotObjectTypes.Contacts, values, modified.ToUniversalTime()), null, all: true);
        }

        await JsonResponses.WriteAsync(context, 201, json);
    }

    /// <summary>
    /// Lists the ids of the call engagements holding a source call id (<c>?sourceCallId=twilio:CA…</c>), duplicates
    /// included: <c>{"count":1,"ids":["50000001"]}</c>. Never faulted nor rate-limited, so a test can count after any fault.
    /// </summary>
    private static async Task FindCallsAsync(HttpContext context, SimulatorRuntime runtime)
    {
        var key = context.Request.Query["sourceCallId"].ToString();
        if (key.Length == 0)
        {
            await BadRequestAsync(context, "sourceCallId is required.");
            return;
        }

        var ids = new JsonArray();
        lock (runtime.HubSpot.Gate)
        {
            foreach (var call in runtime.HubSpot.FindBy(HubSpotObjectTypes.Calls, HubSpotObjectTypes.SourceCallIdProperty, key))
            {
                ids.Add(call.Id.ToString(CultureInfo.InvariantCulture));
            }
        }

        await JsonResponses.WriteAsync(context, 200, new JsonObject { ["count"] = ids.Count, ["ids"] = ids });
    }

    /// <summary>Replaces a contact's tags (<c>{"tags":["vip","lang_de"]}</c>) and bumps its <c>lastmodifieddate</c>.</summary>
    private static async Task SetTagsAsync(HttpContext context, string id, SimulatorRuntime runtime)
    {
        if (await BodyOrBadRequestAsync(context) is not { } body)
        {
            return;
        }

        if (body["tags"] is not JsonArray tags || tags.Any(t => t?.GetValueKind() != JsonValueKind.String))
        {
            await BadRequestAsync(context, "tags must be an array of strings.");
            return;
        }

        JsonObject? json = null;
        lock (runtime.HubSpot.Gate)
        {
            if (runtime.HubSpot.Get(HubSpotObjectTypes.Contacts, id) is { } contact)
            {
                contact.Properties[HubSpotObjectTypes.TagsProperty] = string.Join(';', tags.Select(t => t!.GetValue<string>()));
                runtime.HubSpot.Touch(contact, runtime.TimeProvider.GetUtcNow());
                json = HubSpotJson.Object(contact, null, all: true);
            }
        }

        await (json is null
            ? JsonResponses.WriteAsync(context, 404, new JsonObject { ["error"] = "not_found", ["message"] = $"No contact {id}." })
            : JsonResponses.WriteAsync(context, 200, json));
    }
}
