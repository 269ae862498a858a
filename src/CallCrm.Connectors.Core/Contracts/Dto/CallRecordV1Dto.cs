using NodaTime;

namespace CallCrm.Connectors.Contracts.Dto;

/// <summary>Call-record contract version 1, read only: one raw <c>phone</c> (the customer's side) and whole
/// <c>durationSeconds</c>. Never written again; <see cref="CallRecordContract"/> upgrades it to the model.</summary>
internal sealed class CallRecordV1Dto
{
    public int ContractVersion { get; set; }

    public string? SourceSystem { get; set; }

    public string? SourceId { get; set; }

    public string? Direction { get; set; }

    public string? Phone { get; set; }

    public string? Agent { get; set; }

    public string? Queue { get; set; }

    public Instant StartedAt { get; set; }

    public Instant? EndedAt { get; set; }

    public int? DurationSeconds { get; set; }

    public string? Status { get; set; }

    public string? Disposition { get; set; }

    public string? RecordingUrl { get; set; }

    public string? CustomerReference { get; set; }
}
