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

    /// <summary>Replaces <paramref name="expected"/> with <paramref name="settings"/> unless another change came first.</summary>
    public bool TrySwap(FaultSettings expected, FaultSettings settings)
    {
        settings.Validate();
        return ReferenceEquals(Interlocked.CompareExchange(ref current, settings, expected), expected);
    }
}
