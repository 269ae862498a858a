using System;
using System.Collections.Generic;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing;

/// <summary>What <see cref="CrmSinkConformanceTests"/> needs to test an <see cref="ICrmSink"/>: a
/// <see cref="RecordSinkHarness{TRecord}"/> of <see cref="CallRecord"/>s that makes the calls for you.</summary>
public abstract class CrmSinkHarness : RecordSinkHarness<CallRecord>
{
    /// <inheritdoc />
    /// <remarks>Ended calls, a minute apart, from the kit's deterministic data.</remarks>
    public override IReadOnlyList<CallRecord> CreateRecords(int count) => ConformanceData.CallsToWrite(count);

    /// <inheritdoc />
    /// <remarks>A call in progress comes back ended; an ended call comes back with a disposition and a later change time.</remarks>
    public override CallRecord Changed(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ConformanceData.Changed(record);
    }
}
