using NodaTime;

namespace CallCrm.Connectors.Contracts.Dto;

/// <summary>Checkpoint contract version 1: <c>kind</c> is <c>watermark</c> (with <c>timestamp</c> and <c>tieBreakId</c>)
/// or <c>cursor</c> (with <c>cursor</c>).</summary>
internal sealed class CheckpointDto
{
    public int ContractVersion { get; set; }

    public string? Kind { get; set; }

    public Instant? Timestamp { get; set; }

    public string? TieBreakId { get; set; }

    public string? Cursor { get; set; }
}
