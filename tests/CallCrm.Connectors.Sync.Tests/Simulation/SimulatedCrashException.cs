namespace CallCrm.Connectors.Sync.Tests.Simulation;

/// <summary>Thrown at a failpoint when the simulation crashes an instance; the instance does nothing more and is rebuilt from the store.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
    {
    }

    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
