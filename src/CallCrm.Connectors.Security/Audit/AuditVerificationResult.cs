namespace CallCrm.Connectors.Security.Audit;

/// <summary>The outcome of verifying the audit chain.</summary>
/// <param name="Failure">What is wrong, or <see cref="AuditVerificationFailure.None"/>.</param>
/// <param name="FirstBadSequence">The sequence of the first entry that does not verify (for a removed entry, the missing sequence; for a
/// truncated chain, the first missing one; for a forged seal or a rewritten chain, the first entry), or <see langword="null"/> when valid.
/// An inserted entry forged with a correct hash is only revealed by the entry after it, which no longer links: that one is reported.</param>
/// <param name="EntriesVerified">How many entries verified before the first failure.</param>
/// <param name="Message">What was found, for people; holds no entry content.</param>
public sealed record AuditVerificationResult(AuditVerificationFailure Failure, long? FirstBadSequence, long EntriesVerified, string Message)
{
    /// <summary>Gets whether the chain verified.</summary>
    public bool IsValid => Failure == AuditVerificationFailure.None;
}
