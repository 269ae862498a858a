using System.Diagnostics.CodeAnalysis;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Providers;

/// <summary>Pushes customer tags to a call system, for routing: an <see cref="IRecordSink{TRecord}"/> of
/// <see cref="CustomerTagUpdate"/>s, named so that DI registrations and streams say what they hold.</summary>
/// <remarks>See <see cref="IRecordSink{TRecord}"/> for the contract. Each update carries the whole tag set, so a repeated
/// push is harmless.</remarks>
[SuppressMessage("Design", "CA1040:Avoid empty interfaces", Justification = "A named alias of the generic sink for DI and readability.")]
public interface ICallSystemSink : IRecordSink<CustomerTagUpdate>
{
}
