using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCrm.Connectors.WorkerService;

/// <summary>Writes each health report to the log: one line, the status and what is wrong.</summary>
internal sealed partial class LogHealthCheckPublisher(ILogger<LogHealthCheckPublisher> logger) : IHealthCheckPublisher
{
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status == HealthStatus.Healthy)
            {
                Healthy(logger, name);
            }
            else
            {
                NotHealthy(logger, name, entry.Status, entry.Description);
            }
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(1, LogLevel.Information, "Health {Check}: Healthy")]
    private static partial void Healthy(ILogger logger, string check);

    [LoggerMessage(2, LogLevel.Warning, "Health {Check}: {Status}. {Description}")]
    private static partial void NotHealthy(ILogger logger, string check, HealthStatus status, string? description);
}
