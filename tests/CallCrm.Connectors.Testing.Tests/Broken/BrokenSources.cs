using System.Runtime.CompilerServices;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing.Tests.Broken;

// Deliberately broken sources, each with one bug a real provider could have. The detection tests prove the kit fails them.

/// <summary>Resumes with "timestamp greater than" instead of (timestamp, id): skips the calls sharing the checkpoint's timestamp.</summary>
internal sealed class TieSkippingCallSource(ICallSource inner) : ICallSource
{
    public string Name => inner.Name;

    public SourceCapabilities Capabilities => inner.Capabilities;

    public IAsyncEnumerable<SourceItem<CallRecord>> ReadAsync(ReadRequest request, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(
            request.Since is WatermarkCheckpoint w ? request with { Since = new WatermarkCheckpoint(w.Timestamp, "\uffff") } : request,
            cancellationToken);
}

/// <summary>Resumes with "timestamp at or after": repeats the changes sharing the checkpoint's timestamp.</summary>
internal sealed class BoundaryRepeatingCustomerSource(ICustomerSource inner) : ICustomerSource
{
    public string Name => inner.Name;

    public SourceCapabilities Capabilities => inner.Capabilities;

    public IAsyncEnumerable<SourceItem<CustomerChange>> ReadAsync(ReadRequest request, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(
            request.Since is WatermarkCheckpoint w ? request with { Since = new WatermarkCheckpoint(w.Timestamp, string.Empty) } : request,
            cancellationToken);
}

/// <summary>Marks every call final, so the engine would move its checkpoint past calls still in progress.</summary>
internal sealed class AlwaysFinalCallSource(ICallSource inner) : ICallSource
{
    public string Name => inner.Name;

    public SourceCapabilities Capabilities => inner.Capabilities;

    public async IAsyncEnumerable<SourceItem<CallRecord>> ReadAsync(ReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in inner.ReadAsync(request, cancellationToken))
        {
            yield return item with { Item = item.Item with { IsFinal = true } };
        }
    }
}

/// <summary>Ignores <see cref="ReadRequest.Until"/>.</summary>
internal sealed class UntilIgnoringCallSource(ICallSource inner) : ICallSource
{
    public string Name => inner.Name;

    public SourceCapabilities Capabilities => inner.Capabilities;

    public IAsyncEnumerable<SourceItem<CallRecord>> ReadAsync(ReadRequest request, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(request with { Until = null }, cancellationToken);
}

/// <summary>Classifies every exception, the caller's cancellation included (it forgot <see cref="ConnectorErrorClassifier.IsCallerCancellation"/>).</summary>
internal sealed class CancellationClassifyingCallSource(ICallSource inner) : ICallSource
{
    public string Name => inner.Name;

    public SourceCapabilities Capabilities => inner.Capabilities;

    public IAsyncEnumerable<SourceItem<CallRecord>> ReadAsync(ReadRequest request, CancellationToken cancellationToken = default) =>
        FailureMapping.Map(inner.ReadAsync(request, cancellationToken), ex => ex is OperationCanceledException ? ConnectorErrorClassifier.ToConnectorException(ex, Name) : null, cancellationToken);
}

/// <summary>Wraps every failure as an unclassified, permanent error, losing the code and the transient flag.</summary>
internal sealed class UnclassifiedErrorCallSource(ICallSource inner) : ICallSource
{
    public string Name => inner.Name;

    public SourceCapabilities Capabilities => inner.Capabilities;

    public IAsyncEnumerable<SourceItem<CallRecord>> ReadAsync(ReadRequest request, CancellationToken cancellationToken = default) =>
        FailureMapping.Map(inner.ReadAsync(request, cancellationToken), ex => ex is ConnectorException ? new ConnectorException(ex.Message, ex) : null, cancellationToken);
}

internal static class FailureMapping
{
    /// <summary>Passes items through, replacing an exception with what <paramref name="map"/> returns for it (null: rethrow).</summary>
    public static async IAsyncEnumerable<T> Map<T>(IAsyncEnumerable<T> items, Func<Exception, Exception?> map, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var enumerator = items.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await enumerator.MoveNextAsync();
            }
            catch (Exception ex) when (map(ex) is { } mapped)
            {
                throw mapped;
            }

            if (!more)
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }
}
