using System.Diagnostics;
using Npgsql;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

/// <summary>Starts one throwaway PostgreSQL server for the whole test run with the repository's <c>scripts/postgres.sh</c>, and stops
/// and deletes it at the end. Tests never skip: a server that cannot start fails every test with the script's reason.</summary>
/// <remarks>Set <c>CALLCRM_TEST_POSTGRES</c> to a connection string to use a server of your own instead (each test works in a schema of
/// its own, so a shared database is fine).</remarks>
[SetUpFixture]
public sealed class PostgresServer
{
    private const string ExternalServerVariable = "CALLCRM_TEST_POSTGRES";
    private static string? _connectionString;
    private string? _clusterFolder;
    private string? _script;

    /// <summary>Gets the server's connection string.</summary>
    public static string ConnectionString => _connectionString ?? throw new InvalidOperationException("The PostgreSQL test server was not started.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            _connectionString = external;
            return;
        }

        _script = Path.Combine(FindRepositoryRoot(), "scripts", "postgres.sh");
        var (exitCode, output, error) = await RunScriptAsync("start");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (exitCode != 0 || lines.Length < 2)
        {
            Assert.Fail($"scripts/postgres.sh start could not start a PostgreSQL server (exit code {exitCode}), so the PostgreSQL state store " +
                $"cannot be tested. The PostgreSQL server binaries (initdb, pg_ctl) are needed: run `bash scripts/test.sh` as root (the README's test " +
                $"command, which installs them) or `bash scripts/postgres.sh install` as root (apt-get install postgresql), or set {ExternalServerVariable}.\n{error}\n{output}");
        }

        _clusterFolder = lines[^2];
        _connectionString = lines[^1];

        // Prove the server answers before any test runs, so a broken server is reported once, clearly.
        try
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException)
        {
            var target = new NpgsqlConnectionStringBuilder(_connectionString) { Password = null };
            Assert.Fail($"The PostgreSQL test server ({target.Host}:{target.Port}) does not accept connections, so the PostgreSQL state store cannot be tested: {ex.Message}");
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_clusterFolder is not null)
        {
            await RunScriptAsync("stop", _clusterFolder);
        }
    }

    private async Task<(int ExitCode, string Output, string Error)> RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(_script!);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "scripts", "postgres.sh")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("scripts/postgres.sh was not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
