using System;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Security.Redaction;

/// <summary>Wraps a logger provider so that phone numbers, e-mail addresses, tokens and secrets are redacted from every message, structured
/// value, scope and exception before the provider sees them.</summary>
/// <remarks>With dependency injection prefer <see cref="RedactionLoggingBuilderExtensions.AddCallCrmRedaction"/>, which covers every provider
/// and keeps provider-specific filter rules working. Use this class to wrap one provider by hand.</remarks>
public sealed class RedactingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ILoggerProvider inner;

    /// <summary>Initializes a new instance of the <see cref="RedactingLoggerProvider"/> class.</summary>
    /// <param name="inner">The provider that writes the logs; disposed with this provider.</param>
    public RedactingLoggerProvider(ILoggerProvider inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        this.inner = inner;
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
    {
        if (inner is ISupportExternalScope scoped)
        {
            scoped.SetScopeProvider(new RedactingScopeProvider(scopeProvider));
        }
    }

    /// <inheritdoc />
    public void Dispose() => inner.Dispose();
}
