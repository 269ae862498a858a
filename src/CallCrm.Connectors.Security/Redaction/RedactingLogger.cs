using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Security.Redaction;

/// <summary>Redacts the state, message, scopes and exception of every log call before passing it to the logger it wraps.</summary>
internal sealed class RedactingLogger : ILogger
{
    private readonly ILogger inner;

    public RedactingLogger(ILogger inner) => this.inner = inner;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(RedactedLogState.RedactScope(state) ?? string.Empty);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        // Redaction costs; a disabled level must cost nothing.
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(formatter);
        var redacted = state is IReadOnlyList<KeyValuePair<string, object?>> structured
            ? RedactedLogState.FromStructured(structured)
            : RedactedLogState.FromMessage(formatter(state, exception));
        var safeException = exception is null or RedactedException ? exception : new RedactedException(exception);
        inner.Log(logLevel, eventId, redacted, safeException, static (s, _) => s.ToString());
    }
}
