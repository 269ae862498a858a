using System.Diagnostics;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>The correlation id audit entries carry: the current W3C trace id, so an entry leads to the logs and traces of its request.</summary>
internal static class AuditCorrelation
{
    public static string? Current() => Activity.Current switch
    {
        { IdFormat: ActivityIdFormat.W3C } current => current.TraceId.ToHexString(),
        { } current => current.RootId,
        null => null,
    };
}
