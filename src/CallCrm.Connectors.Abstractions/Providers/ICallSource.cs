using System.Diagnostics.CodeAnalysis;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Providers;

/// <summary>Reads call records from a call system: an <see cref="IRecordSource{TRecord}"/> of <see cref="CallRecord"/>s,
/// named so that DI registrations and streams say what they hold.</summary>
/// <remarks>See <see cref="IRecordSource{TRecord}"/> for the contract and <see cref="SourceOrdering"/> for the orderings; the
/// Abstractions README has a paged example.</remarks>
[SuppressMessage("Design", "CA1040:Avoid empty interfaces", Justification = "A named alias of the generic source for DI and readability.")]
public interface ICallSource : IRecordSource<CallRecord>
{
}
