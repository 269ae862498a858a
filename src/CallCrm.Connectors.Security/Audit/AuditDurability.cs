namespace CallCrm.Connectors.Security.Audit;

/// <summary>When an audit entry must be durable, relative to the operation it records.</summary>
public enum AuditDurability
{
    /// <summary>The entry is durable (committed to the store, chain sealed) before the operation goes on:
    /// <see cref="IAuditLog.AppendAsync"/>. For changes to data, and wherever an entry must survive a crash of the process.</summary>
    Immediate = 0,

    /// <summary>The entry is in the audit log's bounded buffer before the operation goes on (<see cref="IAuditLog.EnqueueAsync"/>) and
    /// becomes durable with the next group commit: within <see cref="AuditLogOptions.FlushInterval"/>, as soon as
    /// <see cref="AuditLogOptions.MaxBatchSize"/> entries wait, and when the log is disposed (graceful stop). A crash of the process can
    /// lose the entries of the last interval. When the buffer is full, callers wait; no entry is dropped.</summary>
    Buffered = 1,
}
