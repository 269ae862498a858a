using System;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Security.Redaction;

/// <summary>Turns on redaction of personal data and secrets for everything an application logs.</summary>
public static class RedactionLoggingBuilderExtensions
{
    /// <summary>Redacts phone numbers, e-mail addresses, tokens, <c>Authorization</c> values and secrets from every log message, structured
    /// value, scope and exception, for every logging provider, before they are written.</summary>
    /// <param name="builder">The logging builder.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Call it once, anywhere in the logging set-up: it decorates the <see cref="ILoggerFactory"/>, so providers added later are
    /// covered too and filter rules (including provider-specific ones) keep working.</remarks>
    public static ILoggingBuilder AddCallCrmRedaction(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(RedactionMarker)))
        {
            return builder;
        }

        services.AddSingleton<RedactionMarker>();
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory))
            ?? throw new InvalidOperationException("No ILoggerFactory is registered; call AddLogging first.");
        services.Remove(existing);

        if (existing.ImplementationInstance is ILoggerFactory instance)
        {
            services.AddSingleton<ILoggerFactory>(new RedactingLoggerFactory(instance, ownsInner: false));
        }
        else if (existing.ImplementationFactory is { } factory)
        {
            services.AddSingleton<ILoggerFactory>(sp => new RedactingLoggerFactory((ILoggerFactory)factory(sp), ownsInner: true));
        }
        else if (existing.ImplementationType is { } type)
        {
            // Register the real factory as itself so the container builds (and disposes) it as before.
            services.Add(ServiceDescriptor.Singleton(type, type));
            services.AddSingleton<ILoggerFactory>(sp => new RedactingLoggerFactory((ILoggerFactory)sp.GetRequiredService(type), ownsInner: false));
        }

        return builder;
    }

    private sealed class RedactionMarker;
}
