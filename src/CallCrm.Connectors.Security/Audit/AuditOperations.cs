namespace CallCrm.Connectors.Security.Audit;

/// <summary>The names of the operations the SDK audits. Other packages may add their own, in the same <c>noun.verb</c> form.</summary>
public static class AuditOperations
{
    /// <summary>A screen-pop lookup of the customers behind a phone number.</summary>
    public const string CustomerLookup = "customer.lookup";

    /// <summary>A read of one customer.</summary>
    public const string CustomerRead = "customer.read";

    /// <summary>A bulk export of customer data.</summary>
    public const string CustomerExport = "customer.export";

    /// <summary>A read of a report or aggregate.</summary>
    public const string ReportRead = "report.read";

    /// <summary>A read of the audit log itself.</summary>
    public const string AuditRead = "audit.read";

    /// <summary>Old audit entries deleted under the retention policy.</summary>
    public const string AuditRetention = "audit.retention";

    /// <summary>A call record written to a CRM.</summary>
    public const string CallWrite = "call.write";

    /// <summary>A call record that updated the CRM activity written for it before.</summary>
    public const string CallUpdate = "call.update";

    /// <summary>Customer tags written to a call system.</summary>
    public const string TagWrite = "tag.write";

    /// <summary>Customer tags rolled back to an earlier version.</summary>
    public const string TagRollback = "tag.rollback";

    /// <summary>A dead letter replayed to its sink.</summary>
    public const string DeadLetterReplay = "deadletter.replay";

    /// <summary>Dead letters deleted without being delivered.</summary>
    public const string DeadLetterPurge = "deadletter.purge";

    /// <summary>A change the SDK reported with a kind this version does not know.</summary>
    public const string DataChange = "data.change";
}
