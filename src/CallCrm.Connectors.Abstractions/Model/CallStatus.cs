namespace CallCrm.Connectors.Model;

/// <summary>The life-cycle state of a call.</summary>
/// <remarks>
/// Only <see cref="Completed"/>, <see cref="Busy"/>, <see cref="NoAnswer"/>, <see cref="Failed"/> and
/// <see cref="Canceled"/> are final; see <see cref="CallStatusExtensions.IsFinal(CallStatus)"/>.
/// </remarks>
public enum CallStatus
{
    /// <summary>The source did not say, or said something the SDK does not recognise.</summary>
    Unknown = 0,

    /// <summary>The call is waiting to be placed or answered.</summary>
    Queued = 1,

    /// <summary>The call is ringing.</summary>
    Ringing = 2,

    /// <summary>The call is connected.</summary>
    InProgress = 3,

    /// <summary>The call ended after it was answered.</summary>
    Completed = 4,

    /// <summary>The other side was busy.</summary>
    Busy = 5,

    /// <summary>Nobody answered.</summary>
    NoAnswer = 6,

    /// <summary>The call could not be placed.</summary>
    Failed = 7,

    /// <summary>The call was cancelled before it was answered.</summary>
    Canceled = 8,
}
