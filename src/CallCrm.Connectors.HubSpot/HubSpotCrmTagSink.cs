using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.HubSpot.Api;
using CallCrm.Connectors.HubSpot.Internal;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.HubSpot;

/// <summary>Writes customers' tag sets into HubSpot contacts: one <c>contacts/batch/update</c> of the tags property
/// (<see cref="HubSpotOptions.TagsProperty"/>) per batch, in the form <see cref="HubSpotCustomerSource"/> reads (<c>vip;last-call=no-answer</c>).</summary>
/// <remarks>Registered by <c>AddHubSpotCrm</c> as <see cref="ICrmTagSink"/>. The update replaces the property's whole value, so
/// repeating it is harmless. An unknown contact id fails that update alone (<c>NOT_FOUND</c>); a batch HubSpot refuses as a whole
/// (400) throws <c>VALIDATION_FAILED</c>, which the sync engine answers by bisection.</remarks>
public sealed class HubSpotCrmTagSink : ICrmTagSink
{
    private readonly HubSpotApiClient api;
    private readonly HubSpotOptions options;

    internal HubSpotCrmTagSink(HubSpotApiClient api, HubSpotOptions options)
    {
        this.api = api;
        this.options = options;
        // The engine checks its attempt timeout against the HTTP client's total one.
        Capabilities = HubSpotCapabilities.For(options) with { RequestTimeout = api.RequestTimeout };
    }

    /// <inheritdoc />
    public string Name { get; internal init; } = HubSpotOptions.ProviderName;

    /// <inheritdoc />
    public SinkCapabilities Capabilities { get; }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CustomerTagUpdate> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return [];
        }

        // HubSpot refuses a batch naming one contact twice: the last update of a contact is the one that counts.
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            last[batch[i].CustomerId] = i;
        }

        var request = new BatchUpdateRequestDto
        {
            Inputs = last.Values.Order().Select(i => new UpdateInputDto
            {
                Id = batch[i].CustomerId,
                Properties = new Dictionary<string, string?>(StringComparer.Ordinal) { [options.TagsProperty] = Format(batch[i].Tags) },
            }).ToList(),
        };
        var result = await api.BatchUpdateContactsAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.Response is not { } response)
        {
            throw new ConnectorException(new ConnectorError
            {
                Code = ConnectorErrorCode.ValidationFailed,
                SystemName = options.SystemName,
                HttpStatus = result.Status,
                TechnicalDetail = "HubSpot refused the contact tag update (" + (result.Error?.Category ?? "HTTP " + result.Status.ToString(CultureInfo.InvariantCulture)) + ").",
            });
        }

        var written = new HashSet<string>(response.Results.Select(r => r.Id), StringComparer.Ordinal);
        var missing = new HashSet<string>(
            (response.Errors ?? []).SelectMany(e => e.Context?.GetValueOrDefault("ids") ?? []),
            StringComparer.Ordinal);
        var outcomes = new List<RecordOutcome>(batch.Count);
        foreach (var update in batch)
        {
            if (written.Contains(update.CustomerId))
            {
                outcomes.Add(RecordOutcome.Written(update.Key, update.CustomerId));
            }
            else if (missing.Contains(update.CustomerId))
            {
                outcomes.Add(RecordOutcome.Failed(update.Key, Error(ConnectorErrorCode.NotFound, transient: false, "HubSpot has no such contact.")));
            }
            else
            {
                // Neither confirmed nor refused (an incomplete 207): the engine sends it again.
                outcomes.Add(RecordOutcome.Failed(update.Key, Error(ConnectorErrorCode.MalformedResponse, transient: true, "HubSpot's answer did not name the contact.")));
            }
        }

        return outcomes;
    }

    /// <summary>The tags property's value: <c>name</c> or <c>name=value</c>, <c>;</c>-separated, in a stable order.</summary>
    internal static string Format(IReadOnlyList<CustomerTag> tags) =>
        string.Join(';', tags
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(t => t.Value, StringComparer.Ordinal)
            .Select(t => t.Value is null ? t.Name : t.Name + "=" + t.Value));

    private ConnectorError Error(ConnectorErrorCode code, bool transient, string detail) => new()
    {
        Code = code,
        IsTransient = transient,
        SystemName = options.SystemName,
        TechnicalDetail = detail,
    };
}
