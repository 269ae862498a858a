using System;

namespace CallCrm.Connectors.VendorSimulator.Twilio;

/// <summary>A recording of a call (Twilio Recording resource).</summary>
internal sealed class TwilioRecording
{
    public required string Sid { get; init; }

    public required string CallSid { get; init; }

    public required DateTimeOffset DateCreated { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public required int DurationSeconds { get; init; }

    public required int Channels { get; init; }

    public required string Source { get; init; }

    public required string Price { get; init; }
}
