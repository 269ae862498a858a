using System;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Security.Redaction;

/// <summary>Decorates the application's logger factory: every logger it hands out redacts before the factory's own filtering and fan-out to
/// providers, so every provider (added before or after) gets redacted data and provider filter rules keep working.</summary>
internal sealed class RedactingLoggerFactory : ILoggerFactory
{
    private readonly ILoggerFactory inner;
    private readonly bool ownsInner;

    public RedactingLoggerFactory(ILoggerFactory inner, bool ownsInner)
    {
        this.inner = inner;
        this.ownsInner = ownsInner;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void Dispose()
    {
        if (ownsInner)
        {
            inner.Dispose();
        }
    }
}
