using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Auditing;
using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>The <see cref="IDataChangeAuditor"/> over the tamper-evident <see cref="IAuditLog"/>: one <see cref="AuditEntry"/> per change,
/// with the change's stream, target system and run id as details and the current trace id as correlation id.</summary>
/// <remarks>Entity keys that hold a phone number or an e-mail address (as <see cref="PiiRedactor"/> recognizes them) are replaced by their
/// <see cref="AuditPseudonymizer"/> pseudonym; call keys and CRM ids are kept as they are, so that an auditor can find them. Entries are
/// appended one by one, each sealed, so a crash part-way leaves a chain that verifies.</remarks>
public sealed class AuditLogDataChangeAuditor : IDataChangeAuditor
{
    /// <summary>The actor of changes the engine makes on its own.</summary>
    public const string EngineActor = "CallCrm.Connectors.Sync";

    private readonly IAuditLog auditLog;
    private readonly AuditPseudonymizer pseudonymizer;

    /// <summary>Initializes a new instance of the <see cref="AuditLogDataChangeAuditor"/> class.</summary>
    /// <param name="auditLog">The log entries are appended to.</param>
    /// <param name="pseudonymizer">Pseudonymizes entity keys that hold personal data.</param>
    public AuditLogDataChangeAuditor(IAuditLog auditLog, AuditPseudonymizer pseudonymizer)
    {
        ArgumentNullException.ThrowIfNull(auditLog);
        ArgumentNullException.ThrowIfNull(pseudonymizer);
        this.auditLog = auditLog;
        this.pseudonymizer = pseudonymizer;
    }

    /// <inheritdoc />
    public async ValueTask RecordAsync(IReadOnlyList<DataChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var correlationId = AuditCorrelation.Current();
        foreach (var change in changes)
        {
            await auditLog.AppendAsync(ToEntry(change, correlationId), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets the audit operation of a kind of change.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>One of <see cref="AuditOperations"/>.</returns>
    public static string OperationOf(DataChangeKind kind) => kind switch
    {
        DataChangeKind.CallWritten => AuditOperations.CallWrite,
        DataChangeKind.CallUpdated => AuditOperations.CallUpdate,
        DataChangeKind.TagsPushed => AuditOperations.TagWrite,
        DataChangeKind.TagsRolledBack => AuditOperations.TagRollback,
        DataChangeKind.DeadLetterReplayed => AuditOperations.DeadLetterReplay,
        DataChangeKind.DeadLetterPurged => AuditOperations.DeadLetterPurge,
        _ => AuditOperations.DataChange,
    };

    private AuditEntry ToEntry(DataChange change, string? correlationId)
    {
        ArgumentNullException.ThrowIfNull(change);
        var details = new Dictionary<string, string>(4, StringComparer.Ordinal) { ["stream"] = change.Stream };
        if (change.TargetSystem is { } target)
        {
            details["target"] = target;
        }

        if (change.RunId is { } runId)
        {
            details["runId"] = runId;
        }

        if (change.Kind is not (>= DataChangeKind.CallWritten and <= DataChangeKind.DeadLetterPurged))
        {
            details["kind"] = change.Kind.ToString();
        }

        return new AuditEntry
        {
            Operation = OperationOf(change.Kind),
            Actor = change.Actor ?? EngineActor,
            EntityType = change.EntityType,
            EntityId = Protect(change.EntityKey),
            Fields = change.Fields,
            Outcome = change.Outcome switch
            {
                DataChangeOutcome.Succeeded => AuditOutcome.Succeeded,
                DataChangeOutcome.Failed => AuditOutcome.Failed,
                _ => AuditOutcome.Unknown,
            },
            CorrelationId = correlationId,
            Details = details,
        };
    }

    private string Protect(string key)
    {
        // A key the redactor would change holds a phone number or an e-mail address: keep only its pseudonym (stable, so an auditor can
        // still follow the entity through the log).
        return string.Equals(PiiRedactor.Redact(key), key, StringComparison.Ordinal) ? key : pseudonymizer.Pseudonymize(key)!;
    }
}
