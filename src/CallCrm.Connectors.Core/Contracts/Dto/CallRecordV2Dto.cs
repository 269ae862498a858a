using System.Collections.Generic;
using NodaTime;

namespace CallCrm.Connectors.Contracts.Dto;

/// <summary>Call-record contract version 2 (current): both parties with raw and E.164 numbers, an ISO-8601
/// <c>duration</c>, answer time, parent leg, update time, finality and custom fields. Property order is the JSON order.</summary>
internal sealed class CallRecordV2Dto
{
    public int ContractVersion { get; set; }

    public string? SourceSystem { get; set; }

    public string? SourceId { get; set; }

    public string? Direction { get; set; }

    public PhoneNumberDto? From { get; set; }

    public PhoneNumberDto? To { get; set; }

    public string? Agent { get; set; }

    public string? Queue { get; set; }

    public Instant StartedAt { get; set; }

    public Instant? AnsweredAt { get; set; }

    public Instant? EndedAt { get; set; }

    public Duration? Duration { get; set; }

    public string? Status { get; set; }

    public bool IsFinal { get; set; } = true;

    public string? Disposition { get; set; }

    public string? RecordingUrl { get; set; }

    public string? CustomerReference { get; set; }

    public string? ParentSourceId { get; set; }

    public Instant? UpdatedAt { get; set; }

    public SortedDictionary<string, string>? CustomFields { get; set; }
}
