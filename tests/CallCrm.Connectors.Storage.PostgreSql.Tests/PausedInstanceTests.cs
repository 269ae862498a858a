using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.State;
using Microsoft.Data.Sqlite;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

/// <summary>The SIGSTOP test, with real processes and a real PostgreSQL: an instance paused past its lease (its server session
/// ended meanwhile), another instance taking the stream over and syncing everything, then the first resumed: its commits are refused
/// and nothing is lost, duplicated or regressed. Deterministic: every state is signalled through the processes' standard streams (the
/// paused instance blocks on a line of standard input at its first CRM write), never by waiting on the clock.</summary>
[NonParallelizable]
public class PausedInstanceTests
{
    private const int RecordCount = 200;

    // The generated source's calls i % 97 == 5 (5, 102, 199) have no agent: the CRM refuses them (dead letters, once each).
    private const int Refused = 3;

    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Test]
    public async Task AnInstanceStoppedPastItsLease_WhileAnotherSyncsEverything_HasItsCommitsRefusedOnResume_NothingLostDuplicatedOrRegressed()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        var folder = Directory.CreateTempSubdirectory("callcrm-paused-");
        var crm = Path.Combine(folder.FullName, "crm.db");
        using var a = Start(schema, crm, "gate");
        try
        {
            (await ReadLineAsync(a)).Should().StartWith("leased");
            (await ReadLineAsync(a)).Should().Be("blocked", "A holds the lease, has read the calls and waits at its first CRM write");

            // A is paused (as by a long GC pause or a frozen VM); its server session is ended, as the server does with a dead peer.
            Signal("STOP", a);
            (await schema.TerminateLeaseHolderAsync("calls")).Should().Be(1);

            using (var b = Start(schema, crm, "run"))
            {
                var output = await b.StandardOutput.ReadToEndAsync().WaitAsync(Bound);
                await b.WaitForExitAsync().WaitAsync(Bound);
                b.ExitCode.Should().Be(0, output + await b.StandardError.ReadToEndAsync());
                output.Should().Contain($"done Completed written={RecordCount - Refused} dead={Refused}");
            }

            var checkpointAfterB = await store.Checkpoints.GetAsync("calls");
            checkpointAfterB.Should().BeOfType<WatermarkCheckpoint>();

            // A resumes, never having noticed, and its write goes through to the CRM: its commit is refused by the fencing token.
            Signal("CONT", a);
            await a.StandardInput.WriteLineAsync("go");
            await a.StandardInput.FlushAsync();
            var rest = await a.StandardOutput.ReadToEndAsync().WaitAsync(Bound);
            await a.WaitForExitAsync().WaitAsync(Bound);

            a.ExitCode.Should().Be(3, rest + await a.StandardError.ReadToEndAsync());
            rest.Should().Contain("LEASE_LOST");
            (await store.Checkpoints.GetAsync("calls")).Should().Be(checkpointAfterB, "the fenced instance moved nothing back");
            (await store.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(RecordCount - Refused);
            (await store.DeadLetters.CountAsync("calls")).Should().Be(Refused, "each refused call is dead-lettered once");
            (await store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0);
            var rows = ReadCrm(crm);
            rows.Should().HaveCount(RecordCount - Refused, "every call is in the CRM, once (an upsert by its key)");
            rows.Values.Should().OnlyContain(agent => agent.StartsWith("agent-", StringComparison.Ordinal));
        }
        finally
        {
            if (!a.HasExited)
            {
                Signal("CONT", a);
                a.Kill();
            }

            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static Process Start(TestSchema schema, string crm, string mode)
    {
        var helper = typeof(PausedInstanceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SyncCrashHelperPath").Value!;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { helper, "postgres-lease", PostgresServer.ConnectionString, schema.Name, crm, RecordCount.ToString(CultureInfo.InvariantCulture), mode })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }

    private static async Task<string?> ReadLineAsync(Process process) => await process.StandardOutput.ReadLineAsync().WaitAsync(Bound);

    private static void Signal(string signal, Process process)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        kill.ExitCode.Should().Be(0);
    }

    private static Dictionary<string, string> ReadCrm(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, agent FROM calls";
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result.Add(reader.GetString(0), reader.GetString(1));
        }

        return result;
    }
}
