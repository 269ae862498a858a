using System;
using System.Threading;

namespace CallCrm.Connectors.VendorSimulator.Infrastructure;

/// <summary>Deterministic GUID-shaped ids for HubSpot's <c>correlationId</c> (a counter, so runs are comparable).</summary>
internal static class Correlation
{
    private static long next;

    public static string NewId()
    {
        var n = Interlocked.Increment(ref next);
        return new Guid(0x5157_0000, 0, 0, BitConverter.GetBytes(n)).ToString();
    }
}
