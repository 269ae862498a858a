using System.Diagnostics;
using CallCrm.Connectors.Auditing;
using CallCrm.Connectors.Security.Audit;

namespace CallCrm.Connectors.Security.Tests.Audit;

public sealed class AuditLogDataChangeAuditorTests
{
    [Test]
    public async Task RecordAsync_ABatchOfChanges_AppendsOneEntryPerChangeWithStreamTargetRunAndTraceAndTheChainVerifies()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        var auditor = new AuditLogDataChangeAuditor(db.Log, new AuditPseudonymizer(AuditTestDatabase.Options()));
        using var activity = new Activity("sync-run").SetIdFormat(ActivityIdFormat.W3C).Start();

        await auditor.RecordAsync(
        [
            new DataChange { Kind = DataChangeKind.CallWritten, Stream = "calls", EntityType = DataChangeEntityTypes.Call, EntityKey = "twilio:CA01", TargetSystem = "hubspot", RunId = "run-7", Fields = ["hs_call_duration"] },
            new DataChange { Kind = DataChangeKind.CallUpdated, Stream = "calls", EntityType = DataChangeEntityTypes.Call, EntityKey = "twilio:CA02", TargetSystem = "hubspot", RunId = "run-7" },
            new DataChange { Kind = DataChangeKind.DeadLetterPurged, Stream = "calls", EntityType = DataChangeEntityTypes.DeadLetter, EntityKey = "12", Actor = "ops-admin", Outcome = DataChangeOutcome.Succeeded },
        ]);

        var records = await ReadAsync(db);
        records.Select(r => r.Entry.Operation).Should().Equal(AuditOperations.CallWrite, AuditOperations.CallUpdate, AuditOperations.DeadLetterPurge);
        var first = records[0].Entry;
        first.Actor.Should().Be(AuditLogDataChangeAuditor.EngineActor);
        first.EntityType.Should().Be(DataChangeEntityTypes.Call);
        first.EntityId.Should().Be("twilio:CA01", "call keys are not personal data and must stay findable");
        first.Fields.Should().Equal("hs_call_duration");
        first.Outcome.Should().Be(AuditOutcome.Succeeded);
        first.CorrelationId.Should().Be(activity.TraceId.ToHexString());
        first.Details.Should().Contain("stream", "calls").And.Contain("target", "hubspot").And.Contain("runId", "run-7");
        records[2].Entry.Actor.Should().Be("ops-admin");
        (await db.Log.VerifyAsync()).IsValid.Should().BeTrue();
    }

    [Test]
    public async Task RecordAsync_KeyHoldingAPhoneNumber_StoresOnlyItsStablePseudonym()
    {
        await using var db = await AuditTestDatabase.CreateAsync();
        var pseudonymizer = new AuditPseudonymizer(AuditTestDatabase.Options());
        var auditor = new AuditLogDataChangeAuditor(db.Log, pseudonymizer);
        var change = new DataChange
        {
            Kind = DataChangeKind.TagsRolledBack,
            Stream = "tags",
            EntityType = DataChangeEntityTypes.CustomerTags,
            EntityKey = "+8613800138000",
            Outcome = DataChangeOutcome.Failed,
        };

        await auditor.RecordAsync([change, change]);

        var records = await ReadAsync(db);
        records.Should().HaveCount(2).And.OnlyContain(r => r.Entry.EntityId == pseudonymizer.Pseudonymize("+8613800138000"));
        records[0].Entry.Operation.Should().Be(AuditOperations.TagRollback);
        records[0].Entry.Outcome.Should().Be(AuditOutcome.Failed);
        await foreach (var row in db.Store.AuditLog.ReadAsync())
        {
            row.Content.Should().NotContain("13800138000");
        }
    }

    private static async Task<List<AuditRecord>> ReadAsync(AuditTestDatabase db)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in db.Log.ReadAsync(AuditTestDatabase.User(CallCrm.Connectors.Security.Access.CustomerDataRoles.Auditor)))
        {
            if (record.Entry.Operation != AuditOperations.AuditRead)
            {
                records.Add(record);
            }
        }

        return records;
    }
}
