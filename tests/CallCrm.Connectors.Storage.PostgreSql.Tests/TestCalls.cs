using System.Globalization;
using CallCrm.Connectors.Model;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

/// <summary>Call records of the multi-instance tests: final, completed, inbound, 30 seconds long.</summary>
internal static class TestCalls
{
    public static CallRecord Call(int index, Instant startedAt) => new()
    {
        SourceSystem = "pbx",
        SourceId = string.Create(CultureInfo.InvariantCulture, $"call-{index:D5}"),
        Direction = CallDirection.Inbound,
        Agent = "agent-1",
        StartedAt = startedAt,
        EndedAt = startedAt + Duration.FromSeconds(30),
        Duration = Duration.FromSeconds(30),
        Status = CallStatus.Completed,
        IsFinal = true,
    };
}
