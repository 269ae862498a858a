using System;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Http;
using CallCrm.Connectors.Twilio.Internal.Json;
using NodaTime;
using NodaTime.Text;

namespace CallCrm.Connectors.Twilio.Internal;

/// <summary>The client of one Twilio account's REST API, over its named connector HTTP client: builds list URIs, follows (guarded) page links and reads
/// pages with source-generated JSON. Failures come from the connector pipeline as <see cref="Errors.ConnectorException"/>s.</summary>
internal sealed class TwilioApiClient
{
    private static readonly InstantPattern FilterPattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'");
    private readonly HttpClient http;
    private readonly VendorUrlGuard guard;
    private readonly string accountPath;

    public TwilioApiClient(HttpClient http, VendorUrlGuard guard, string accountSid)
    {
        this.http = http;
        this.guard = guard;
        accountPath = "2010-04-01/Accounts/" + Uri.EscapeDataString(accountSid) + "/";
    }

    /// <summary>The first page of calls started in [<paramref name="from"/>, <paramref name="to"/>], both whole seconds
    /// and inclusive as Twilio's filters are; <paramref name="to"/> <see langword="null"/> for no upper bound.</summary>
    public Uri CallsStartedBetween(Instant from, Instant? to, int pageSize)
    {
        var query = new StringBuilder();
        Append(query, "StartTime>", FilterPattern.Format(from));
        if (to is { } upper)
        {
            Append(query, "StartTime<", FilterPattern.Format(upper));
        }

        Append(query, "PageSize", pageSize.ToString(CultureInfo.InvariantCulture));
        return guard.Resolve(accountPath + "Calls.json?" + query);
    }

    /// <summary>The first page of calls with a status (queued calls have no start time to filter on).</summary>
    public Uri CallsWithStatus(string status, int pageSize)
    {
        var query = new StringBuilder();
        Append(query, "Status", status);
        Append(query, "PageSize", pageSize.ToString(CultureInfo.InvariantCulture));
        return guard.Resolve(accountPath + "Calls.json?" + query);
    }

    /// <summary>The first page of the account's recordings created in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public Uri RecordingsCreatedBetween(Instant from, Instant to, int pageSize)
    {
        var query = new StringBuilder();
        Append(query, "DateCreated>", FilterPattern.Format(from));
        Append(query, "DateCreated<", FilterPattern.Format(to));
        Append(query, "PageSize", pageSize.ToString(CultureInfo.InvariantCulture));
        return guard.Resolve(accountPath + "Recordings.json?" + query);
    }

    /// <summary>The media URL of a recording: its resource URI without <c>.json</c> (WAV; Twilio serves MP3 with <c>.mp3</c>).</summary>
    public Uri? RecordingMedia(string? resourceUri)
    {
        if (string.IsNullOrEmpty(resourceUri))
        {
            return null;
        }

        var path = resourceUri.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? resourceUri[..^5] : resourceUri;
        return guard.TryResolve(path, out var media) ? media : null;
    }

    /// <summary>Resolves a page link from an answer, refusing one that leaves the API host.</summary>
    public Uri NextPage(string link) => guard.Resolve(link);

    public Task<TwilioCallPageDto> GetCallPageAsync(Uri uri, CancellationToken cancellationToken) =>
        GetAsync(uri, TwilioJsonContext.Default.TwilioCallPageDto, cancellationToken);

    public Task<TwilioRecordingPageDto> GetRecordingPageAsync(Uri uri, CancellationToken cancellationToken) =>
        GetAsync(uri, TwilioJsonContext.Default.TwilioRecordingPageDto, cancellationToken);

    private async Task<T> GetAsync<T>(Uri uri, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        return await response.ReadJsonAsync(typeInfo, TwilioCallMapper.DisplayName, cancellationToken).ConfigureAwait(false);
    }

    // Twilio's range filters carry the operator in the parameter name: "StartTime>" is sent as StartTime%3E=...
    private static void Append(StringBuilder query, string name, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
    }
}
