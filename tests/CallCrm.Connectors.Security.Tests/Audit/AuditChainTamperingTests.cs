using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CallCrm.Connectors.Security.Audit;
using Microsoft.Data.Sqlite;

namespace CallCrm.Connectors.Security.Tests.Audit;

/// <summary>Builds one sealed chain of 200 entries in a real SQLite file, then tampers with the file directly, thousands of times per kind
/// of attack (each tamper applied, verified through the store, and reverted), and checks every one is caught at the right entry.</summary>
[NonParallelizable]
public sealed class AuditChainTamperingTests
{
    private const int ChainLength = 200;
    private const int Iterations = 1000;
    private static readonly string Genesis = new('0', 64);

    private AuditTestDatabase db = null!;
    private SqliteConnection connection = null!;
    private Row[] original = null!;
    private string originalSeal = null!;

    public enum Tamper
    {
        AlterContentByte,
        AlterHash,
        InsertForgedRow,
        RemoveRow,
        SwapRows,
        TruncateTail,
        RewriteChain,
    }

    [OneTimeSetUp]
    public async Task BuildChain()
    {
        db = await AuditTestDatabase.CreateAsync();
        for (var i = 1; i <= ChainLength; i++)
        {
            db.Time.Advance(TimeSpan.FromSeconds(17));
            await db.Log.AppendAsync(AuditTestDatabase.Entry(i));
        }

        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db.Path, Pooling = false }.ToString());
        connection.Open();
        original = ReadRows();
        originalSeal = (string)Scalar("SELECT value FROM audit_values WHERE name = 'audit.seal';")!;
        original.Should().HaveCount(ChainLength);
        (await db.Log.VerifyAsync()).IsValid.Should().BeTrue();
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        connection.Dispose();
        await db.DisposeAsync();
    }

    [TestCase(Tamper.AlterContentByte)]
    [TestCase(Tamper.AlterHash)]
    [TestCase(Tamper.InsertForgedRow)]
    [TestCase(Tamper.RemoveRow)]
    [TestCase(Tamper.SwapRows)]
    [TestCase(Tamper.TruncateTail)]
    [TestCase(Tamper.RewriteChain)]
    public async Task VerifyAsync_RandomTampering_IsDetectedAtTheFirstBadEntry(Tamper kind)
    {
        var random = new Random(20260301 + (int)kind);
        var watch = Stopwatch.StartNew();
        try
        {
            await RunAsync(kind, random);
        }
        finally
        {
            // A failed iteration must not leave its tamper behind for the next kind.
            RestoreAll();
        }

        (await db.Log.VerifyAsync()).IsValid.Should().BeTrue();
        TestContext.Out.WriteLine($"{kind}: {Iterations} tamperings verified in {watch.ElapsedMilliseconds} ms");
    }

    private async Task RunAsync(Tamper kind, Random random)
    {
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var (failures, firstBad, undo, what) = Apply(kind, random);

            var result = await db.Log.VerifyAsync();

            result.IsValid.Should().BeFalse("iteration {0} ({1}) must be detected", iteration, what);
            result.Failure.Should().BeOneOf(failures, "iteration {0} ({1})", iteration, what);
            result.FirstBadSequence.Should().Be(firstBad, "iteration {0} ({1}): {2}", iteration, what, result.Message);
            undo();
            if (iteration % 25 == 0)
            {
                var reverted = await db.Log.VerifyAsync();
                reverted.IsValid.Should().BeTrue("the tamper of iteration {0} ({1}) must be fully reverted: {2}", iteration, what, reverted.Message);
            }
        }
    }

    private void RestoreAll() => Transaction(() =>
    {
        Execute("DELETE FROM audit_log;");
        foreach (var row in original)
        {
            Insert(row);
        }

        Execute("UPDATE audit_values SET value = $v WHERE name = 'audit.seal';", ("$v", originalSeal));
    });

    private (AuditVerificationFailure[] Failures, long FirstBad, Action Undo, string What) Apply(Tamper kind, Random random)
    {
        switch (kind)
        {
            case Tamper.AlterContentByte:
            {
                var row = original[random.Next(ChainLength)];
                var position = random.Next(row.Content.Length);
                char replacement;
                do
                {
                    replacement = (char)random.Next(0x20, 0x7F);
                }
                while (replacement == row.Content[position]);
                var altered = string.Concat(row.Content.AsSpan(0, position), replacement.ToString(), row.Content.AsSpan(position + 1));
                Execute("UPDATE audit_log SET content = $v WHERE sequence = $s;", ("$v", altered), ("$s", row.Sequence));
                return ([AuditVerificationFailure.HashMismatch], row.Sequence,
                    () => Execute("UPDATE audit_log SET content = $v WHERE sequence = $s;", ("$v", row.Content), ("$s", row.Sequence)),
                    $"content byte {position} of {row.Sequence}");
            }

            case Tamper.AlterHash:
            {
                var row = original[random.Next(ChainLength)];
                var column = random.Next(2) == 0 ? "hash" : "previous_hash";
                var value = column == "hash" ? row.Hash : row.PreviousHash;
                var position = random.Next(value.Length);
                char replacement;
                do
                {
                    replacement = "0123456789abcdef"[random.Next(16)];
                }
                while (replacement == value[position]);
                var altered = string.Concat(value.AsSpan(0, position), replacement.ToString(), value.AsSpan(position + 1));
                Execute($"UPDATE audit_log SET {column} = $v WHERE sequence = $s;", ("$v", altered), ("$s", row.Sequence));
                return (column == "hash" ? [AuditVerificationFailure.HashMismatch] : [AuditVerificationFailure.BrokenLink], row.Sequence,
                    () => Execute($"UPDATE audit_log SET {column} = $v WHERE sequence = $s;", ("$v", value), ("$s", row.Sequence)),
                    $"{column} of {row.Sequence}");
            }

            case Tamper.InsertForgedRow:
            {
                // The strongest forger: a well-formed entry with a correct hash, linked to the entry before it. It shifts the entries after
                // it, so the entry it displaces (or, at the end, the forged entry past the sealed head) is the first that cannot verify.
                var at = random.Next(1, ChainLength + 2);
                var previousHash = at == 1 ? Genesis : original[at - 2].Hash;
                var recordedAt = at == 1 ? original[0].RecordedAt : original[at - 2].RecordedAt;
                var content = original[at == 1 ? 0 : at - 2].Content
                    .Replace("\"seq\":" + (at == 1 ? 1 : at - 1).ToString(CultureInfo.InvariantCulture) + ",", "\"seq\":" + at.ToString(CultureInfo.InvariantCulture) + ",", StringComparison.Ordinal)
                    .Replace("\"actor\":\"agent-", "\"actor\":\"intruder-", StringComparison.Ordinal);
                Transaction(() =>
                {
                    Execute("UPDATE audit_log SET sequence = -sequence - 1 WHERE sequence >= $s;", ("$s", at));
                    Execute("UPDATE audit_log SET sequence = -sequence WHERE sequence < 0;");
                    Insert(new Row(at, recordedAt, content, previousHash, Hash(previousHash, content)));
                });
                // Before the last entry the displaced entry no longer links; from the last entry on, the chain runs past the sealed head.
                return (at < ChainLength ? [AuditVerificationFailure.BrokenLink] : [AuditVerificationFailure.Unsealed], Math.Min(at + 1, ChainLength + 1),
                    () => Transaction(() =>
                    {
                        Execute("DELETE FROM audit_log WHERE sequence = $s;", ("$s", at));
                        Execute("UPDATE audit_log SET sequence = -(sequence - 1) WHERE sequence > $s;", ("$s", at));
                        Execute("UPDATE audit_log SET sequence = -sequence WHERE sequence < 0;");
                    }),
                    $"forged row at {at}");
            }

            case Tamper.RemoveRow:
            {
                var row = original[random.Next(ChainLength)];
                Execute("DELETE FROM audit_log WHERE sequence = $s;", ("$s", row.Sequence));
                return (row.Sequence == ChainLength ? [AuditVerificationFailure.Truncated] : [AuditVerificationFailure.MissingEntry], row.Sequence,
                    () => Insert(row), $"removed {row.Sequence}");
            }

            case Tamper.SwapRows:
            {
                var i = random.Next(ChainLength);
                int j;
                do
                {
                    j = random.Next(ChainLength);
                }
                while (j == i);
                var (a, b) = (original[Math.Min(i, j)], original[Math.Max(i, j)]);
                Transaction(() =>
                {
                    Update(a.Sequence, b);
                    Update(b.Sequence, a);
                });
                return ([AuditVerificationFailure.BrokenLink], a.Sequence,
                    () => Transaction(() =>
                    {
                        Update(a.Sequence, a);
                        Update(b.Sequence, b);
                    }),
                    $"swapped {a.Sequence} and {b.Sequence}");
            }

            case Tamper.TruncateTail:
            {
                var keep = random.Next(ChainLength);
                Execute("DELETE FROM audit_log WHERE sequence > $s;", ("$s", keep));
                return ([AuditVerificationFailure.Truncated], keep + 1,
                    () => Transaction(() =>
                    {
                        foreach (var row in original.Skip(keep))
                        {
                            Insert(row);
                        }
                    }),
                    $"truncated after {keep}");
            }

            case Tamper.RewriteChain:
            {
                // Rewrite from a random entry on, with correct hashes; re-seal with a key of the attacker's own, or leave the old seal.
                var from = random.Next(1, ChainLength + 1);
                var forgeSeal = random.Next(2) == 0;
                var previousHash = from == 1 ? Genesis : original[from - 2].Hash;
                Transaction(() =>
                {
                    foreach (var row in original.Skip(from - 1))
                    {
                        var content = row.Sequence == from
                            ? row.Content.Replace("\"outcome\":\"Succeeded\"", "\"outcome\":\"Denied\"", StringComparison.Ordinal)
                            : row.Content;
                        var hash = Hash(previousHash, content);
                        Update(row.Sequence, row with { Content = content, PreviousHash = previousHash, Hash = hash });
                        previousHash = hash;
                    }

                    if (forgeSeal)
                    {
                        var attackerKey = RandomNumberGenerator.GetBytes(32);
                        var data = $"callcrm-audit-seal|1|1|{Genesis}|{ChainLength}|{previousHash}|{ChainLength}";
                        var mac = Convert.ToHexStringLower(HMACSHA256.HashData(attackerKey, Encoding.UTF8.GetBytes(data)));
                        var seal = $"{{\"v\":1,\"first\":1,\"anchor\":\"{Genesis}\",\"last\":{ChainLength},\"head\":\"{previousHash}\",\"count\":{ChainLength},\"mac\":\"{mac}\"}}";
                        Execute("UPDATE audit_values SET value = $v WHERE name = 'audit.seal';", ("$v", seal));
                    }
                });
                return (forgeSeal ? [AuditVerificationFailure.InvalidSeal] : [AuditVerificationFailure.HeadMismatch], 1,
                    () => Transaction(() =>
                    {
                        foreach (var row in original.Skip(from - 1))
                        {
                            Update(row.Sequence, row);
                        }

                        Execute("UPDATE audit_values SET value = $v WHERE name = 'audit.seal';", ("$v", originalSeal));
                    }),
                    $"rewritten from {from}, seal {(forgeSeal ? "forged" : "kept")}");
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static string Hash(string previousHash, string content) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + "\n" + content)));

    private Row[] ReadRows()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, recorded_at, content, previous_hash, hash FROM audit_log ORDER BY sequence;";
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
        {
            rows.Add(new Row(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return [.. rows];
    }

    private void Insert(Row row) => Execute(
        "INSERT INTO audit_log (sequence, recorded_at, content, previous_hash, hash) VALUES ($s, $t, $c, $p, $h);",
        ("$s", row.Sequence), ("$t", row.RecordedAt), ("$c", row.Content), ("$p", row.PreviousHash), ("$h", row.Hash));

    private void Update(long sequence, Row row) => Execute(
        "UPDATE audit_log SET recorded_at = $t, content = $c, previous_hash = $p, hash = $h WHERE sequence = $s;",
        ("$s", sequence), ("$t", row.RecordedAt), ("$c", row.Content), ("$p", row.PreviousHash), ("$h", row.Hash));

    private void Transaction(Action body)
    {
        using var transaction = connection.BeginTransaction();
        body();
        transaction.Commit();
    }

    private object? Scalar(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private sealed record Row(long Sequence, long RecordedAt, string Content, string PreviousHash, string Hash);
}
