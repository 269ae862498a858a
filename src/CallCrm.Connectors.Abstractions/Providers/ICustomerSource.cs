using System.Diagnostics.CodeAnalysis;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Providers;

/// <summary>Reads changes of customers and their tags from a CRM: an <see cref="IRecordSource{TRecord}"/> of
/// <see cref="CustomerChange"/>s, named so that DI registrations and streams say what they hold.</summary>
/// <remarks>See <see cref="IRecordSource{TRecord}"/> for the contract; such a source is ordered by
/// <see cref="SourceOrdering.ChangeTime"/> or <see cref="SourceOrdering.ChangeCursor"/>.</remarks>
[SuppressMessage("Design", "CA1040:Avoid empty interfaces", Justification = "A named alias of the generic source for DI and readability.")]
public interface ICustomerSource : IRecordSource<CustomerChange>
{
}
