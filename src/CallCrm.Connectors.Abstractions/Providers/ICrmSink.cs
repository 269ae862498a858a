using System.Diagnostics.CodeAnalysis;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Providers;

/// <summary>Writes call records to a CRM as activities: an <see cref="IRecordSink{TRecord}"/> of <see cref="CallRecord"/>s,
/// named so that DI registrations and streams say what they hold.</summary>
/// <remarks>See <see cref="IRecordSink{TRecord}"/> for the contract. Writes should be idempotent by
/// <see cref="CallRecord.Key"/> where the vendor allows it (<see cref="SinkCapabilities.SupportsUpsertByExternalId"/>).</remarks>
[SuppressMessage("Design", "CA1040:Avoid empty interfaces", Justification = "A named alias of the generic sink for DI and readability.")]
public interface ICrmSink : IRecordSink<CallRecord>
{
}
