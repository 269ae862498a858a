using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>Kills a real process running the engine (SQLite state, SQLite-file CRM) at random points, then lets it finish.</summary>
[NonParallelizable]
public sealed class ProcessKillTests
{
    private const int RecordCount = 5_000;

    [Test]
    public async Task RunOnceAsync_ProcessKilledRepeatedly_SinkHoldsEveryGoodRecordOnceAndCheckpointIsLast()
    {
        var directory = Path.Combine(Path.GetTempPath(), "callcrm-sync-kill", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var stateDb = Path.Combine(directory, "state.db");
        var sinkDb = Path.Combine(directory, "crm.db");
        var random = new Random(4242);
        var kills = 0;
        try
        {
            for (var attempt = 0; attempt < 10 && kills < 5; attempt++)
            {
                using var process = Start(stateDb, sinkDb);
                var killAfter = random.Next(10, 200);
                var finished = false;
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    if (line.StartsWith("done", StringComparison.Ordinal))
                    {
                        finished = true;
                        break;
                    }

                    if (line.StartsWith("progress ", StringComparison.Ordinal) && long.Parse(line.AsSpan(9), CultureInfo.InvariantCulture) >= killAfter)
                    {
                        process.Kill(entireProcessTree: true);
                        kills++;
                        break;
                    }
                }

                await process.WaitForExitAsync();
                if (finished)
                {
                    break;
                }
            }

            using (var last = Start(stateDb, sinkDb))
            {
                var output = await last.StandardOutput.ReadToEndAsync();
                await last.WaitForExitAsync();
                last.ExitCode.Should().Be(0, output + await last.StandardError.ReadToEndAsync());
                output.Should().Contain("done Completed");
            }

            kills.Should().BeGreaterThanOrEqualTo(5, "the process must really have been killed mid-run");
            var good = Enumerable.Range(0, RecordCount).Where(i => i % 97 != 5).Select(Key).ToList();
            var bad = Enumerable.Range(0, RecordCount).Where(i => i % 97 == 5).Select(Key).ToList();

            var held = ReadSink(sinkDb);
            held.Keys.Order(StringComparer.Ordinal).Should().Equal(good.Order(StringComparer.Ordinal), "the CRM holds every good record once, and no bad one");
            TestContext.Out.WriteLine($"{kills} kills; {held.Values.Sum() - held.Count} records written again after a kill");
            (held.Values.Sum() - held.Count).Should().BeLessThanOrEqualTo(kills * 2 * 50, "only batches in flight at a kill are sent again");

            await using var store = await TestStore.OpenAsync(stateDb);
            var dead = await store.DeadLetters.ListAsync(new DeadLetterQuery("calls", MaxCount: 1_000));
            dead.Select(d => d.Message.Key).Order(StringComparer.Ordinal).Should().Equal(bad.Order(StringComparer.Ordinal), "each bad record is dead-lettered once");
            (await store.Checkpoints.GetAsync("calls")).Should().Be(
                new WatermarkCheckpoint(Instant.FromUtc(2020, 1, 1, 0, 0) + Duration.FromSeconds(RecordCount - 1), Id(RecordCount - 1)));
            (await store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string Id(int i) => "call-" + i.ToString("D6", CultureInfo.InvariantCulture);

    private static string Key(int i) => "generated:" + Id(i);

    private static Process Start(string stateDb, string sinkDb)
    {
        var helper = typeof(ProcessKillTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SyncCrashHelperPath").Value!;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(helper);
        info.ArgumentList.Add(stateDb);
        info.ArgumentList.Add(sinkDb);
        info.ArgumentList.Add(RecordCount.ToString(CultureInfo.InvariantCulture));
        return Process.Start(info)!;
    }

    private static Dictionary<string, long> ReadSink(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, writes FROM calls";
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result.Add(reader.GetString(0), reader.GetInt64(1));
        }

        return result;
    }
}
