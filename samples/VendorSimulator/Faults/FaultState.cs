using System.Threading;

namespace CallCrm.Connectors.VendorSimulator.Faults;

/// <summary>The fault settings in force, swapped atomically by <c>POST /_sim/faults</c>.</summary>
internal sealed class FaultState
{
    private FaultSettings current;

    public FaultState(FaultSettings initial) => current = initial;

    public FaultSettings Current => Volatile.Read(ref current);

    public void Set(FaultSettings settings)
    {
        settings.Validate();
        Volatile.Write(ref current, settings);
    }
}
