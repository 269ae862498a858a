using CallCrm.Connectors.State;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

public class SqliteOutboxStoreTests : OutboxStoreConformanceTests
{
    protected override Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken) => TempDatabase.OpenForTestAsync(DisposeAfterTest);

    [Test]
    public async Task PeekSql_WalksTheStreamIndexAndThePartialBackOffIndex_WithoutScanOrSort()
    {
        await using var db = new TempDatabase();
        await db.OpenAsync();
        using var connection = new SqliteConnection($"Data Source={db.FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteOutboxStore.PeekSql;
        command.Parameters.AddWithValue("$stream", "calls");
        command.Parameters.AddWithValue("$now", 0L);
        command.Parameters.AddWithValue("$max_count", 10);

        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        // A deep outbox (a sink down for hours) must not be scanned or sorted on every peek.
        plan.Should().Contain(d => d.Contains("outbox_by_stream", StringComparison.Ordinal))
            .And.Contain(d => d.Contains("outbox_backed_off", StringComparison.Ordinal))
            .And.NotContain(d => d.Contains("TEMP B-TREE", StringComparison.Ordinal) || d.StartsWith("SCAN", StringComparison.Ordinal));
    }
}
