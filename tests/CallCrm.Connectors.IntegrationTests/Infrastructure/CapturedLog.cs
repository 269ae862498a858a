using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.IntegrationTests.Infrastructure;

/// <summary>One log call as a provider received it: everything a sink could write out.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<string> StateValues, IReadOnlyList<string> Scopes, string? Exception)
{
    /// <summary>Gets every piece of text of the entry, for scanning.</summary>
    public IEnumerable<string> Texts()
    {
        yield return Category;
        yield return EventId.Name ?? string.Empty;
        yield return Message;
        foreach (var value in StateValues)
        {
            yield return value;
        }

        foreach (var scope in Scopes)
        {
            yield return scope;
        }

        if (Exception is not null)
        {
            yield return Exception;
        }
    }
}
