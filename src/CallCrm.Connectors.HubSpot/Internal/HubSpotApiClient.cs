using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.HubSpot.Api;
using CallCrm.Connectors.Http;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>
/// The HubSpot REST calls the provider makes, over the named connector HTTP client (auth, rate limits, retries and
/// error translation live in that pipeline). Requests whose repetition has the effect of one are marked idempotent, so
/// the client retries them after a timeout or 5xx: searches and reads, upserts keyed by a unique property, updates by
/// id, and association creation and removal (an association is a link, not a record: creating or archiving it again
/// changes nothing). A batch
/// create is not: the client retries it only when HubSpot surely did not act (no connection, 429), and an ambiguous
/// failure goes to the sync engine, whose whole-batch retry meets the unique property's 409 and reads the calls back.
/// </summary>
internal sealed class HubSpotApiClient
{
    private readonly IHttpClientFactory factory;
    private readonly string clientName;
    private readonly string systemName;

    public HubSpotApiClient(IHttpClientFactory factory, string clientName, string systemName, TimeSpan? requestTimeout = null)
    {
        this.factory = factory;
        this.clientName = clientName;
        this.systemName = systemName;
        RequestTimeout = requestTimeout;
    }

    public string SystemName => systemName;

    /// <summary>Gets the HTTP client's total timeout per request, retries included: the budget the sinks declare to the engine.</summary>
    public TimeSpan? RequestTimeout { get; }

    public Task<SearchResponseDto> SearchAsync(string objectType, SearchRequestDto request, CancellationToken cancellationToken) =>
        PostAsync("crm/v3/objects/" + objectType + "/search", request, HubSpotJsonContext.Default.SearchRequestDto, HubSpotJsonContext.Default.SearchResponseDto, search: true, cancellationToken);

    public Task<BatchResponseDto> BatchReadAsync(string objectType, BatchReadRequestDto request, CancellationToken cancellationToken) =>
        PostAsync("crm/v3/objects/" + objectType + "/batch/read", request, HubSpotJsonContext.Default.BatchReadRequestDto, HubSpotJsonContext.Default.BatchResponseDto, search: false, cancellationToken);

    public Task<AssociationBatchCreateResponseDto> CreateAssociationsAsync(string fromType, string toType, AssociationBatchCreateRequestDto request, CancellationToken cancellationToken) =>
        PostAsync("crm/v4/associations/" + fromType + "/" + toType + "/batch/create", request, HubSpotJsonContext.Default.AssociationBatchCreateRequestDto, HubSpotJsonContext.Default.AssociationBatchCreateResponseDto, search: false, cancellationToken);

    public Task<AssociationBatchReadResponseDto> ReadAssociationsAsync(string fromType, string toType, AssociationBatchReadRequestDto request, CancellationToken cancellationToken) =>
        PostAsync("crm/v4/associations/" + fromType + "/" + toType + "/batch/read", request, HubSpotJsonContext.Default.AssociationBatchReadRequestDto, HubSpotJsonContext.Default.AssociationBatchReadResponseDto, search: false, cancellationToken);

    /// <summary>Removes every association between each pair (<c>batch/archive</c>, 204 without a body). Idempotent: archiving
    /// an association that is gone changes nothing.</summary>
    public async Task ArchiveAssociationsAsync(string fromType, string toType, AssociationBatchArchiveRequestDto body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("crm/v4/associations/" + fromType + "/" + toType + "/batch/archive", UriKind.Relative))
        {
            Content = JsonContent.Create(body, HubSpotJsonContext.Default.AssociationBatchArchiveRequestDto),
        };
        request.MarkAsIdempotent();
        using var response = await factory.CreateClient(clientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public Task<WriteResult> BatchUpsertCallsAsync(BatchUpsertRequestDto request, CancellationToken cancellationToken) =>
        WriteAsync("crm/v3/objects/calls/batch/upsert", request, HubSpotJsonContext.Default.BatchUpsertRequestDto, idempotent: true, cancellationToken);

    public Task<WriteResult> BatchCreateCallsAsync(BatchCreateRequestDto request, CancellationToken cancellationToken) =>
        WriteAsync("crm/v3/objects/calls/batch/create", request, HubSpotJsonContext.Default.BatchCreateRequestDto, idempotent: false, cancellationToken);

    public Task<WriteResult> BatchUpdateCallsAsync(BatchUpdateRequestDto request, CancellationToken cancellationToken) =>
        WriteAsync("crm/v3/objects/calls/batch/update", request, HubSpotJsonContext.Default.BatchUpdateRequestDto, idempotent: true, cancellationToken);

    public Task<WriteResult> BatchUpdateContactsAsync(BatchUpdateRequestDto request, CancellationToken cancellationToken) =>
        WriteAsync("crm/v3/objects/contacts/batch/update", request, HubSpotJsonContext.Default.BatchUpdateRequestDto, idempotent: true, cancellationToken);

    private async Task<TResponse> PostAsync<TRequest, TResponse>(
        string path, TRequest body, JsonTypeInfo<TRequest> requestInfo, JsonTypeInfo<TResponse> responseInfo, bool search, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body, requestInfo) };
        request.MarkAsIdempotent();
        if (search)
        {
            request.MarkAsSearch();
        }

        using var response = await factory.CreateClient(clientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await response.ReadJsonAsync(responseInfo, systemName, cancellationToken).ConfigureAwait(false);
    }

    // 400 and 409 are answers the sink acts on (one bad input refuses the whole batch; a 409 names a call already
    // delivered), so they come back as results rather than exceptions.
    private async Task<WriteResult> WriteAsync<TRequest>(string path, TRequest body, JsonTypeInfo<TRequest> requestInfo, bool idempotent, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body, requestInfo) };
        request.AllowStatusCodes(400, 409);
        if (idempotent)
        {
            request.MarkAsIdempotent();
        }

        using var response = await factory.CreateClient(clientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return new WriteResult(status, await response.ReadJsonAsync(HubSpotJsonContext.Default.BatchResponseDto, systemName, cancellationToken).ConfigureAwait(false), null);
        }

        ErrorDto error;
        try
        {
            error = await response.ReadJsonAsync(HubSpotJsonContext.Default.ErrorDto, systemName, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException)
        {
            // A 400 or 409 without HubSpot's JSON error body (a proxy's page) still says which way the batch went.
            error = new ErrorDto { Message = "HTTP " + status.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        return new WriteResult(status, null, error);
    }
}

/// <summary>The outcome of a batch write: the batch response on success, HubSpot's error body on 400 or 409.</summary>
internal sealed record WriteResult(int Status, BatchResponseDto? Response, ErrorDto? Error);
