namespace CallCrm.Connectors.Model;

/// <summary>What the sync engine needs to know of every record it moves, whatever its kind: its key and whether it is final.</summary>
/// <remarks>
/// Implemented by <see cref="CallRecord"/>, <see cref="CustomerTagUpdate"/> and <see cref="CustomerChange"/>, so that one
/// engine, one decorator and one conformance scenario set serve every record kind (<see cref="Providers.IRecordSink{TRecord}"/>,
/// <see cref="Providers.IRecordSource{TRecord}"/>).
/// </remarks>
public interface ISyncRecord
{
    /// <summary>Gets the key that identifies the record across systems and runs: the engine's ledger, de-duplication and
    /// outcomes (<see cref="Providers.RecordOutcome.Key"/>) go by it.</summary>
    string Key { get; }

    /// <summary>Gets whether the record has reached its final state. A record that is not final (a call still ringing or in
    /// progress) is delivered as it is now and delivered again when it changes; see <see cref="Providers.SourceOrdering"/> for
    /// how the engine makes sure its final state is read.</summary>
    bool IsFinal { get; }
}
