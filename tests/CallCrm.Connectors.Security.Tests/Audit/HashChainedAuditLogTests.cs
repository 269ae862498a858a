using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Security;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Security.Tests.Audit;

public sealed class HashChainedAuditLogTests
{
    [Test]
    public async Task AppendAsync_ManyConcurrentCallers_BuildOneContiguousChainThatVerifies()
    {
        await using var db = await AuditTestDatabase.CreateAsync();

        var records = await Task.WhenAll(Enumerable.Range(1, 8).Select(worker => Task.Run(async () =>
        {
            var mine = new List<AuditRecord>();
            for (var i = 0; i < 40; i++)
            {
                mine.Add(await db.Log.AppendAsync(AuditTestDatabase.Entry((worker * 100) + i)));
            }

            return mine;
        })));

        records.SelectMany(r => r).Select(r => r.Sequence).Should().BeEquivalentTo(Enumerable.Range(1, 320).Select(i => (long)i));
        var result = await db.Log.VerifyAsync();
        result.IsValid.Should().BeTrue(result.Message);
        result.EntriesVerified.Should().Be(320);
    }

    [Test]
    public async Task AppendAsync_TwoInstancesOnOneFile_ReloadTheHeadOnSequenceConflictAndKeepOneChain()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        await using var secondStore = new SqliteStateStore(new SqliteStateStoreOptions { DataSource = db.Path });
        await secondStore.InitializeAsync();
        using var second = AuditTestDatabase.CreateLog(secondStore, db.Time);
        await db.Log.AppendAsync(AuditTestDatabase.Entry(0));
        await second.AppendAsync(AuditTestDatabase.Entry(1));

        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 0; i < 30; i++)
                {
                    await db.Log.AppendAsync(AuditTestDatabase.Entry(i));
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 0; i < 30; i++)
                {
                    await second.AppendAsync(AuditTestDatabase.Entry(100 + i));
                }
            }));

        // Seals written by two instances race (last writer wins); the next append of either seals the true head again.
        var last = await db.Log.AppendAsync(AuditTestDatabase.Entry(999));

        last.Sequence.Should().Be(63);
        var result = await second.VerifyAsync();
        result.IsValid.Should().BeTrue(result.Message);
        result.EntriesVerified.Should().Be(63);
    }

    [Test]
    public async Task AppendAsync_AnotherInstanceCommitsBetweenTheSealReadAndTheLastRowRead_LoadsAConsistentHead()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        await using var secondStore = new SqliteStateStore(new SqliteStateStoreOptions { DataSource = db.Path });
        await secondStore.InitializeAsync();
        using var other = AuditTestDatabase.CreateLog(secondStore, db.Time);

        // The first time the starting instance reads the seal (there is none yet), the other instance commits entries and their seal
        // before the starting instance reads the last row: read naively, entries without a seal look like a tampered log.
        var racing = new RacingAuditLogStore(secondStore.AuditLog, async () =>
        {
            await other.AppendAsync(AuditTestDatabase.Entry(1));
            await other.AppendAsync(AuditTestDatabase.Entry(2));
        });
        using var starting = new HashChainedAuditLog(racing, AuditTestDatabase.Options(), CustomerDataAccessPolicy.CreateDefault(), db.Time);

        var record = await starting.AppendAsync(AuditTestDatabase.Entry(3));

        racing.Raced.Should().BeTrue();
        record.Sequence.Should().Be(3, "the starting instance continues after the other instance's two entries");
        var result = await other.VerifyAsync();
        result.IsValid.Should().BeTrue(result.Message);
        result.EntriesVerified.Should().Be(3);
    }

    [Test]
    public async Task ApplyRetentionAsync_DeletesOldEntriesAndTheRestStillVerifiesAndStillDetectsTampering()
    {
        await using var db = await AuditTestDatabase.CreateAsync(retention: TimeSpan.FromDays(30));
        for (var day = 0; day < 60; day++)
        {
            await db.Log.AppendAsync(AuditTestDatabase.Entry(day));
            db.Time.Advance(TimeSpan.FromDays(1));
        }

        var deleted = await db.Log.ApplyRetentionAsync();

        deleted.Should().Be(30);
        var result = await db.Log.VerifyAsync();
        result.IsValid.Should().BeTrue(result.Message);
        result.EntriesVerified.Should().Be(31, "30 kept entries and the entry recording the retention run");
        var first = await db.Store.AuditLog.ReadAsync().FirstAsync();
        first.Sequence.Should().Be(31);

        await db.Log.AppendAsync(AuditTestDatabase.Entry(61));
        (await db.Log.VerifyAsync()).IsValid.Should().BeTrue();

        Tamper(db, "DELETE FROM audit_log WHERE sequence = 31;");
        var afterRemoval = await db.Log.VerifyAsync();
        afterRemoval.Failure.Should().Be(AuditVerificationFailure.MissingEntry);
        afterRemoval.FirstBadSequence.Should().Be(31, "the anchor says the chain starts at 31");
    }

    [Test]
    public async Task ApplyRetentionAsync_ForgedAnchorInTheSeal_IsAnInvalidSeal()
    {
        await using var db = await AuditTestDatabase.CreateAsync(retention: TimeSpan.FromDays(1));
        for (var i = 0; i < 5; i++)
        {
            await db.Log.AppendAsync(AuditTestDatabase.Entry(i));
            db.Time.Advance(TimeSpan.FromDays(1));
        }

        await db.Log.ApplyRetentionAsync();
        var seal = await db.Store.AuditLog.GetValueAsync(AuditLogOptions.SealValueName);

        // Pretend more was deleted under retention than really was: move the anchor forward.
        await db.Store.AuditLog.SetValueAsync(AuditLogOptions.SealValueName, seal!.Replace("\"first\":5", "\"first\":6", StringComparison.Ordinal));

        var result = await db.Log.VerifyAsync();
        result.Failure.Should().Be(AuditVerificationFailure.InvalidSeal);
    }

    [Test]
    public async Task ApplyRetentionAsync_TamperedChain_RefusesToDeleteTheEvidence()
    {
        await using var db = await AuditTestDatabase.CreateAsync(retention: TimeSpan.FromDays(1));
        for (var i = 0; i < 5; i++)
        {
            await db.Log.AppendAsync(AuditTestDatabase.Entry(i));
            db.Time.Advance(TimeSpan.FromDays(1));
        }

        Tamper(db, "UPDATE audit_log SET content = replace(content, 'agent-', 'agent_') WHERE sequence = 2;");

        var act = async () => await db.Log.ApplyRetentionAsync();

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(AuditErrorCodes.ChainInvalid);
        (await db.Store.AuditLog.ReadAsync().CountAsync()).Should().Be(5);
    }

    [Test]
    public async Task AppendAsync_WithAnotherSealingKey_RefusesToSealOverTheChain()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        await db.Log.AppendAsync(AuditTestDatabase.Entry(1));
        using var impostor = AuditTestDatabase.CreateLog(db.Store, db.Time, key: "another-key-0123456789abcdef-0123456789");

        var verification = await impostor.VerifyAsync();
        var act = async () => await impostor.AppendAsync(AuditTestDatabase.Entry(2));

        verification.Failure.Should().Be(AuditVerificationFailure.InvalidSeal);
        (await act.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(AuditErrorCodes.ChainInvalid);
    }

    [Test]
    public async Task VerifyAsync_EmptyLog_IsValid()
    {
        await using var db = await AuditTestDatabase.CreateAsync();

        (await db.Log.VerifyAsync()).IsValid.Should().BeTrue();
    }

    [Test]
    public async Task VerifyAsync_SealDeleted_IsMissingSeal()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        await db.Log.AppendAsync(AuditTestDatabase.Entry(1));
        Tamper(db, "DELETE FROM audit_values;");

        var result = await db.Log.VerifyAsync();

        result.Failure.Should().Be(AuditVerificationFailure.MissingSeal);
        result.FirstBadSequence.Should().Be(1);
    }

    [Test]
    public async Task ReadAsync_AgentIsDeniedAndTheAttemptIsAudited_AuditorReadsEverything()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        await db.Log.AppendAsync(AuditTestDatabase.Entry(1));

        var denied = async () => await db.Log.ReadAsync(AuditTestDatabase.User(CustomerDataRoles.Agent)).ToListAsync();

        (await denied.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.AccessDenied);
        var read = await db.Log.ReadAsync(AuditTestDatabase.User(CustomerDataRoles.Auditor)).ToListAsync();
        read.Select(r => (r.Entry.Operation, r.Entry.Outcome)).Should().Equal(
            (AuditOperations.CustomerLookup, AuditOutcome.Succeeded),
            (AuditOperations.AuditRead, AuditOutcome.Denied),
            (AuditOperations.AuditRead, AuditOutcome.Succeeded));
        read[1].Entry.Actor.Should().Be("user-1");
        read[2].Entry.Roles.Should().Equal(CustomerDataRoles.Auditor);
        read[0].Entry.Should().BeEquivalentTo(AuditTestDatabase.Entry(1));
    }

    [Test]
    public async Task AppendAsync_RawPhoneNumberInDetails_IsNeverStored()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        var pseudonymizer = new AuditPseudonymizer(AuditTestDatabase.Options());

        await db.Log.AppendAsync(AuditTestDatabase.Entry(1) with
        {
            Details = new Dictionary<string, string>
            {
                ["caller"] = pseudonymizer.Pseudonymize(new PhoneNumber("+86 138 0013 8000", "+8613800138000"))!,
                ["note"] = "customer called from +8613800138000 about jane.doe@example.com",
            },
        });

        var content = (await db.Store.AuditLog.GetLastAsync())!.Content;
        content.Should().NotContain("13800138000").And.NotContain("jane.doe").And.Contain("hmac:");
        (await db.Log.VerifyAsync()).IsValid.Should().BeTrue();
    }

    [Test]
    public void Pseudonymize_IsStablePerNumberAndKeyed()
    {
        var one = new AuditPseudonymizer(AuditTestDatabase.Options());
        var other = new AuditPseudonymizer(AuditTestDatabase.Options(key: "another-key-0123456789abcdef-0123456789"));

        var e164 = one.Pseudonymize(new PhoneNumber("+86 138 0013 8000", "+8613800138000"));

        e164.Should().MatchRegex("^hmac:[0-9a-f]{20}$");
        one.Pseudonymize(new PhoneNumber("+8613800138000")).Should().Be(e164, "the digits of a number give the same pseudonym");
        one.Pseudonymize(new PhoneNumber("+8613800138001", "+8613800138001")).Should().NotBe(e164);
        other.Pseudonymize(new PhoneNumber("+86 138 0013 8000", "+8613800138000")).Should().NotBe(e164);
    }

    [Test]
    public async Task AddCallCrmAuditLog_FromConfigurationOverTheSqliteStore_AppendsAndVerifies()
    {
        var directory = Path.Combine(Path.GetTempPath(), "callcrm-audit-di-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CallCrm:Security:Audit:SealingKey"] = AuditTestDatabase.SealingKey,
            ["CallCrm:Security:Audit:Retention"] = "400.00:00:00",
        }).Build();
        await using (var provider = new ServiceCollection()
            .AddSqliteStateStore(o => o.DataSource = Path.Combine(directory, "state.db"))
            .AddCallCrmAuditLog(configuration.GetSection("CallCrm:Security:Audit"))
            .BuildServiceProvider())
        {
            await provider.GetRequiredService<IConnectorStateStore>().InitializeAsync();
            var log = provider.GetRequiredService<IAuditLog>();

            await log.AppendAsync(AuditTestDatabase.Entry(1));

            (await log.VerifyAsync()).IsValid.Should().BeTrue();
            provider.GetRequiredService<IOptions<AuditLogOptions>>().Value.Retention.Should().Be(TimeSpan.FromDays(400));
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public void AddCallCrmAuditLog_WithoutSealingKey_FailsValidation()
    {
        using var provider = new ServiceCollection().AddCallCrmAuditLog(_ => { }).BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<AuditLogOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*SealingKey*");
    }

    private static void Tamper(AuditTestDatabase db, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db.Path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
