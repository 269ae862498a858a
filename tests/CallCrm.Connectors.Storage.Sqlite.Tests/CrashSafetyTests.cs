using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

/// <summary>Kills a real process in the middle of its commits and checks that the file holds every reported commit whole and no part of any other.</summary>
public class CrashSafetyTests
{
    private const int RecordsPerCommit = 50; // as in the crash helper
    private const int CommitsBeforeKill = 150;

    [Test]
    [CancelAfter(120_000)]
    public async Task ProcessKilledMidWrite_FileIsIntactAndHoldsWholeCommitsOnly(CancellationToken cancellationToken)
    {
        await using var db = new TempDatabase();
        var reported = await RunHelperUntilKilledAsync(db.FilePath, cancellationToken);

        db.Scalar<string>("PRAGMA integrity_check").Should().Be("ok");
        await using var store = new SqliteStateStore(db.Options());
        var checkpoint = (CursorCheckpoint?)await store.Checkpoints.GetAsync("calls", cancellationToken);
        var lastCommit = int.Parse(checkpoint!.Cursor, CultureInfo.InvariantCulture);
        lastCommit.Should().BeGreaterThanOrEqualTo(reported, "every commit the helper reported had completed");

        // Every commit up to the checkpoint is there whole; nothing of a later (interrupted) commit is.
        db.Scalar<long>("SELECT COUNT(*) FROM ledger").Should().Be((long)lastCommit * RecordsPerCommit);
        db.Scalar<long>("SELECT COUNT(*) FROM outbox").Should().Be((long)lastCommit * RecordsPerCommit);
        db.Scalar<long>("SELECT COUNT(*) FROM dead_letters").Should().Be(lastCommit);
        db.Scalar<long>("SELECT MAX(CAST(substr(key, 1, instr(key, '-') - 1) AS INTEGER)) FROM ledger").Should().Be(lastCommit);
        var keys = Enumerable.Range(1, lastCommit).SelectMany(c => Enumerable.Range(0, RecordsPerCommit).Select(i => $"{c}-{i}")).ToArray();
        (await store.Ledger.GetAsync("calls", keys, cancellationToken)).Should().HaveCount(keys.Length);
        (await store.Outbox.PeekAsync("calls", int.MaxValue, StateStoreTestData.T0, cancellationToken)).Select(e => e.Message.Key).Should().Equal(keys);

        // The store writes on after the crash.
        await store.CommitAsync(new StateCommit("calls") { Checkpoint = new CursorCheckpoint("next") }, cancellationToken);
    }

    /// <summary>Starts the helper, waits until it reports <see cref="CommitsBeforeKill"/> commits, kills it; returns the last commit it reported.</summary>
    private static async Task<int> RunHelperUntilKilledAsync(string databasePath, CancellationToken cancellationToken)
    {
        var helper = typeof(CrashSafetyTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CrashHelperPath").Value!;
        File.Exists(helper).Should().BeTrue($"the crash helper is built with the tests ({helper})");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(helper);
        start.ArgumentList.Add(databasePath);
        using var process = Process.Start(start)!;
        var reported = 0;
        try
        {
            while (reported < CommitsBeforeKill)
            {
                var line = await process.StandardOutput.ReadLineAsync(cancellationToken);
                if (line is null)
                {
                    Assert.Fail($"The crash helper ended early: {await process.StandardError.ReadToEndAsync(cancellationToken)}");
                }

                if (line!.StartsWith("committed ", StringComparison.Ordinal))
                {
                    reported = int.Parse(line["committed ".Length..], CultureInfo.InvariantCulture);
                }
            }
        }
        finally
        {
            // SIGKILL while the helper is still committing: no disposal, no flush, no checkpoint of the write-ahead log.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        File.Exists(databasePath + "-wal").Should().BeTrue("the helper was killed with its write-ahead log open");
        return reported;
    }
}
