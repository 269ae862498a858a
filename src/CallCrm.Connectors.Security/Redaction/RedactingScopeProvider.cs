using System;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Security.Redaction;

/// <summary>Redacts scope values as a provider reads them, for providers that take scopes from the logger factory rather than from
/// <see cref="ILogger.BeginScope{TState}(TState)"/>.</summary>
internal sealed class RedactingScopeProvider : IExternalScopeProvider
{
    private readonly IExternalScopeProvider inner;

    public RedactingScopeProvider(IExternalScopeProvider inner) => this.inner = inner;

    public void ForEachScope<TState>(Action<object?, TState> callback, TState state) =>
        inner.ForEachScope((scope, s) => callback(RedactedLogState.RedactScope(scope), s), state);

    public IDisposable Push(object? state) => inner.Push(state);
}
