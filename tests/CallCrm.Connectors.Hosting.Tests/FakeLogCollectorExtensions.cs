using Microsoft.Extensions.Logging.Testing;

namespace CallCrm.Connectors.Hosting.Tests;

internal static class FakeLogCollectorExtensions
{
    /// <summary>Completes with the first record, already collected or still to come, that matches: a signal from the code under
    /// test, with no polling.</summary>
    public static async Task<FakeLogRecord> WaitForLogAsync(this FakeLogCollector collector, Func<FakeLogRecord, bool> match, CancellationToken cancellationToken)
    {
        // GetLogsAsync yields the records collected so far, then each new one as it is written.
        await foreach (var record in collector.GetLogsAsync(cancellationToken))
        {
            if (match(record))
            {
                return record;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }
}
