using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.HubSpot.Api;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>
/// Removes the call→contact associations an update no longer wants: when a call written before now resolves to another
/// contact, or to none (shared number flagged, contact deleted or renumbered), the contact it was associated with
/// before must not keep it on its timeline. The call's current contacts are read (v4 <c>batch/read</c>, one request per
/// 100 updated calls) and the ones the new resolution does not name are archived (v4 <c>batch/archive</c>, only when
/// there are some). Calls created by this write are never read: they have only the associations just made.
/// </summary>
/// <remarks>Reading what HubSpot holds, rather than remembering what was last associated, needs no state shared by
/// the instances and survives restarts, at one request per batch that holds updated calls. The sink owns a synced
/// call's contact associations: one added by hand in HubSpot while the call is still being updated is removed too.</remarks>
internal sealed class StaleContactAssociations
{
    private const int ChunkSize = 100;
    private readonly HubSpotApiClient api;

    public StaleContactAssociations(HubSpotApiClient api) => this.api = api;

    /// <summary>Archives the stale contacts of each updated call; returns the calls (by batch index) whose associations
    /// could not be read or archived, with the error.</summary>
    public async Task<Dictionary<int, ConnectorError>> ArchiveAsync(IReadOnlyList<(PreparedCall Call, string CallId)> updated, CancellationToken cancellationToken)
    {
        var failed = new Dictionary<int, ConnectorError>();
        foreach (var part in updated.Chunk(ChunkSize))
        {
            try
            {
                var read = await api.ReadAssociationsAsync("calls", "contacts", new AssociationBatchReadRequestDto
                {
                    Inputs = part.Select(u => new AssociationReadInputDto { Id = u.CallId }).ToList(),
                }, cancellationToken).ConfigureAwait(false);
                var held = read.Results.ToDictionary(r => r.From.Id, r => r.To, StringComparer.Ordinal);
                var inputs = new List<AssociationArchiveInputDto>();
                foreach (var (call, callId) in part)
                {
                    var wanted = call.Resolution.ContactIds.ToHashSet(StringComparer.Ordinal);
                    var stale = (held.GetValueOrDefault(callId) ?? [])
                        .Select(t => t.ToObjectId.ToString(CultureInfo.InvariantCulture))
                        .Where(id => !wanted.Contains(id))
                        .Distinct(StringComparer.Ordinal)
                        .Select(id => new ObjectIdDto { Id = id })
                        .ToList();
                    if (stale.Count > 0)
                    {
                        inputs.Add(new AssociationArchiveInputDto { From = new ObjectIdDto { Id = callId }, To = stale });
                    }
                }

                if (inputs.Count > 0)
                {
                    await api.ArchiveAssociationsAsync("calls", "contacts", new AssociationBatchArchiveRequestDto { Inputs = inputs }, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (ConnectorException ex)
            {
                foreach (var (call, _) in part)
                {
                    failed.TryAdd(call.Index, ex.Error);
                }
            }
        }

        return failed;
    }
}
