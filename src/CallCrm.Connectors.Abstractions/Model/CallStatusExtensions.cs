namespace CallCrm.Connectors.Model;

/// <summary>Helpers for <see cref="CallStatus"/>.</summary>
public static class CallStatusExtensions
{
    /// <summary>Gets whether a call in this state will not change any more.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for completed, busy, no-answer, failed and cancelled calls.</returns>
    public static bool IsFinal(this CallStatus status) => status switch
    {
        CallStatus.Completed or CallStatus.Busy or CallStatus.NoAnswer or CallStatus.Failed or CallStatus.Canceled => true,
        _ => false,
    };
}
