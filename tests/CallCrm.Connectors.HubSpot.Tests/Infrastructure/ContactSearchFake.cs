using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Text;

namespace CallCrm.Connectors.HubSpot.Tests.Infrastructure;

/// <summary>
/// A tiny HubSpot contact search on 127.0.0.1 that keeps to what HubSpot promises and nothing more: results sorted by
/// <c>lastmodifieddate</c>, but contacts sharing one time in a shuffled order (the same for every page of one query, a
/// different one for another query), offset paging, the 10,000-result window. With <see cref="ReversePages"/> it also
/// breaks the sort (each page comes back reversed), to test what the source does with a vendor that does. With
/// <see cref="ModifyAfterSearch"/> it edits a contact between two page requests, as a user editing it during a read
/// would: the contact leaves its place and the results behind it shift, as HubSpot's do.
/// </summary>
internal sealed class ContactSearchFake : IAsyncDisposable
{
    private const int ResultWindow = 10_000;
    private readonly WebApplication app;
    private readonly List<(string Id, Instant Modified)> contacts;
    private readonly List<(int Search, string Id, Instant Modified)> edits = [];

    private ContactSearchFake(WebApplication app, List<(string Id, Instant Modified)> contacts, Uri baseAddress)
    {
        this.app = app;
        this.contacts = contacts;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Gets or sets a value indicating whether each page is returned reversed (the sort broken).</summary>
    public bool ReversePages { get; set; }

    /// <summary>Gets how many searches were answered (every page request).</summary>
    public int Searches { get; private set; }

    /// <summary>
    /// Moves the <c>lastmodifieddate</c> of contact <paramref name="id"/> to <paramref name="modified"/> once search
    /// number <paramref name="search"/> (1-based) has been answered, so the next page request sees the edited data.
    /// </summary>
    public void ModifyAfterSearch(int search, string id, Instant modified) => edits.Add((search, id, modified));

    public static async Task<ContactSearchFake> StartAsync(IEnumerable<(string Id, Instant Modified)> contacts)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var list = contacts.ToList();
        ContactSearchFake? fake = null;
        app.MapPost("/crm/v3/objects/contacts/search", async (HttpContext context) =>
        {
            var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!.AsObject();
            var (status, answer) = fake!.Search(body);
            fake.ApplyEdits();
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(answer.ToJsonString());
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new ContactSearchFake(app, list, new Uri(address.TrimEnd('/') + "/"));
        return fake;
    }

    /// <summary>The order the fake returns every contact in for a query starting at <paramref name="low"/> (no paging).</summary>
    public List<string> Order(Instant? low) => Matches(low, null).Select(c => c.Id).ToList();

    private List<(string Id, Instant Modified)> Matches(Instant? low, Instant? below)
    {
        // A shuffle seeded by the query, so that every page of one query agrees (offset paging needs that) while the
        // order among equal times is neither insertion nor id order.
        var random = new Random(low is { } l ? (int)(l.ToUnixTimeMilliseconds() % 100_003) : 17);
        return contacts
            .Where(c => (low is null || c.Modified >= low) && (below is null || c.Modified < below))
            .Select(c => (Contact: c, Key: random.Next()))
            .OrderBy(p => p.Contact.Modified)
            .ThenBy(p => p.Key)
            .Select(p => p.Contact)
            .ToList();
    }

    private void ApplyEdits()
    {
        foreach (var edit in edits.Where(e => e.Search == Searches).ToList())
        {
            var index = contacts.FindIndex(c => c.Id == edit.Id);
            contacts[index] = (edit.Id, edit.Modified);
            edits.Remove(edit);
        }
    }

    private (int Status, JsonObject Body) Search(JsonObject request)
    {
        Searches++;
        Instant? low = null;
        Instant? below = null;
        foreach (var filter in request["filterGroups"]?.AsArray().SelectMany(g => g!["filters"]!.AsArray()) ?? [])
        {
            var value = InstantPattern.ExtendedIso.Parse(filter!["value"]!.GetValue<string>()).Value;
            switch (filter["operator"]!.GetValue<string>())
            {
                case "GTE": low = value; break;
                case "LT": below = value; break;
                default: return (400, new JsonObject { ["status"] = "error", ["category"] = "VALIDATION_ERROR", ["message"] = "unsupported operator" });
            }
        }

        var limit = request["limit"]!.GetValue<int>();
        var after = request["after"]?.GetValue<string>() is { } a ? int.Parse(a, CultureInfo.InvariantCulture) : 0;
        if (after + limit > ResultWindow)
        {
            return (400, new JsonObject { ["status"] = "error", ["category"] = "VALIDATION_ERROR", ["message"] = "Search results are limited to 10,000." });
        }

        var matches = Matches(low, below);
        var page = matches.Skip(after).Take(limit).ToList();
        if (ReversePages)
        {
            page.Reverse();
        }

        var results = new JsonArray();
        foreach (var (id, modified) in page)
        {
            results.Add(new JsonObject
            {
                ["id"] = id,
                ["properties"] = new JsonObject { ["hs_object_id"] = id, ["lastmodifieddate"] = InstantPattern.ExtendedIso.Format(modified), ["firstname"] = "Contact " + id },
                ["archived"] = false,
            });
        }

        var body = new JsonObject { ["total"] = matches.Count, ["results"] = results };
        var next = after + page.Count;
        if (next < matches.Count && next < ResultWindow)
        {
            body["paging"] = new JsonObject { ["next"] = new JsonObject { ["after"] = next.ToString(CultureInfo.InvariantCulture) } };
        }

        return (200, body);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
