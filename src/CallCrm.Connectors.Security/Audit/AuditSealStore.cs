using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>Reads and writes the chain's seal: its start, head and length under an HMAC with a key the store never sees.</summary>
/// <param name="store">Where the seal is kept.</param>
/// <param name="sealKey">The derived sealing key.</param>
internal sealed class AuditSealStore(IAuditLogStore store, byte[] sealKey)
{
    /// <summary>Gets whether a seal verifies with the configured key.</summary>
    public bool Verifies(AuditSeal seal) => AuditChain.MacMatches(sealKey, seal);

    public async ValueTask WriteAsync(ChainHead chain, CancellationToken cancellationToken) =>
        await store.SetValueAsync(AuditLogOptions.SealValueName, Text(chain), cancellationToken).ConfigureAwait(false);

    /// <summary>The seal of a chain, as stored.</summary>
    public string Text(ChainHead chain)
    {
        var seal = new AuditSeal
        {
            FirstSequence = chain.FirstSequence,
            AnchorHash = chain.AnchorHash,
            LastSequence = chain.LastSequence,
            LastHash = chain.LastHash,
            Count = Math.Max(0, chain.LastSequence - chain.FirstSequence + 1),
        };
        seal = seal with { Mac = AuditChain.ComputeSealMac(sealKey, seal) };
        return JsonSerializer.Serialize(seal, AuditJsonContext.Default.AuditSeal);
    }

    public async ValueTask<AuditSeal?> ReadAsync(CancellationToken cancellationToken)
    {
        var text = await store.GetValueAsync(AuditLogOptions.SealValueName, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, AuditJsonContext.Default.AuditSeal)
                ?? new AuditSeal { AnchorHash = string.Empty, LastHash = string.Empty };
        }
        catch (JsonException)
        {
            // An unreadable seal is a seal that does not verify.
            return new AuditSeal { AnchorHash = string.Empty, LastHash = string.Empty };
        }
    }
}
