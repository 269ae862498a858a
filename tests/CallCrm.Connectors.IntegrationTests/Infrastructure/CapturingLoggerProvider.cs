using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.IntegrationTests.Infrastructure;

/// <summary>A logger provider that keeps every entry it receives, with its structured values, its scopes and its exception's full text,
/// as a console or OpenTelemetry exporter would see them.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<CapturedLog> Entries => entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static IEnumerable<string> Describe(object? value)
    {
        if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, item) in pairs)
            {
                yield return string.Concat(key, "=", Convert.ToString(item, CultureInfo.InvariantCulture));
            }
        }

        yield return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopeTexts = new List<string>();
            owner.scopes.ForEachScope((scope, list) => list.AddRange(Describe(scope)), scopeTexts);
            owner.entries.Enqueue(new CapturedLog(
                category, logLevel, eventId, formatter(state, exception), [.. Describe(state)], scopeTexts, exception?.ToString()));
        }
    }
}
