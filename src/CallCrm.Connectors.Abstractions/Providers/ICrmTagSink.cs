using System.Diagnostics.CodeAnalysis;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Providers;

/// <summary>Writes customers' tag sets into a CRM, so that tags the call side owns (call outcomes) show there too: an
/// <see cref="IRecordSink{TRecord}"/> of <see cref="CustomerTagUpdate"/>s, named so that DI registrations and streams say
/// what they hold.</summary>
/// <remarks>See <see cref="IRecordSink{TRecord}"/> for the contract. Each update carries the customer's whole tag set, which
/// replaces the CRM's; <see cref="CustomerTagUpdate.CustomerId"/> is the CRM's customer id, and an unknown customer is a
/// permanent failure of that update alone.</remarks>
[SuppressMessage("Design", "CA1040:Avoid empty interfaces", Justification = "A named alias of the generic sink for DI and readability.")]
public interface ICrmTagSink : IRecordSink<CustomerTagUpdate>
{
}
