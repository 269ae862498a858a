using System;
using System.Collections.Generic;
using CallCrm.Connectors.Contracts.Dto;
using CallCrm.Connectors.Model;
using NodaTime;

namespace CallCrm.Connectors.Contracts;

/// <summary>Maps <see cref="CallRecord"/> to and from call-record contract versions 1 and 2.</summary>
internal static class CallRecordContract
{
    public static CallRecordV2Dto ToV2(CallRecord record) => new()
    {
        ContractVersion = ContractVersions.CallRecordCurrent,
        SourceSystem = record.SourceSystem,
        SourceId = record.SourceId,
        Direction = EnumNames.Of(record.Direction),
        From = PhoneNumbers.ToDto(record.From),
        To = PhoneNumbers.ToDto(record.To),
        Agent = record.Agent,
        Queue = record.Queue,
        StartedAt = record.StartedAt,
        AnsweredAt = record.AnsweredAt,
        EndedAt = record.EndedAt,
        Duration = record.Duration,
        Status = EnumNames.Of(record.Status),
        IsFinal = record.IsFinal,
        Disposition = record.Disposition,
        RecordingUrl = record.RecordingUrl?.OriginalString,
        CustomerReference = record.CustomerReference,
        ParentSourceId = record.ParentSourceId,
        UpdatedAt = record.UpdatedAt,

        // Sorted so that the same record always gives the same bytes, whatever dictionary the caller used.
        CustomFields = record.CustomFields.Count == 0 ? null : Sorted(record.CustomFields),
    };

    public static CallRecord FromV2(CallRecordV2Dto dto) => new()
    {
        SourceSystem = Required(dto.SourceSystem, "sourceSystem"),
        SourceId = Required(dto.SourceId, "sourceId"),
        Direction = EnumNames.ParseDirection(dto.Direction),
        From = PhoneNumbers.FromDto(dto.From),
        To = PhoneNumbers.FromDto(dto.To),
        Agent = dto.Agent,
        Queue = dto.Queue,
        StartedAt = dto.StartedAt,
        AnsweredAt = dto.AnsweredAt,
        EndedAt = dto.EndedAt,
        Duration = dto.Duration,
        Status = EnumNames.ParseStatus(dto.Status),
        IsFinal = dto.IsFinal,
        Disposition = dto.Disposition,
        RecordingUrl = ParseUri(dto.RecordingUrl),
        CustomerReference = dto.CustomerReference,
        ParentSourceId = dto.ParentSourceId,
        UpdatedAt = dto.UpdatedAt,
        CustomFields = dto.CustomFields is { Count: > 0 } fields ? new Dictionary<string, string>(fields, StringComparer.Ordinal) : new Dictionary<string, string>(0),
    };

    /// <summary>Upgrades a version 1 record.</summary>
    /// <remarks>
    /// Version 1 kept one raw <c>phone</c>: the customer's number. It becomes the calling party of an inbound (or
    /// unknown-direction) call and the called party of an outbound one; the other side is empty. It is not normalized
    /// here: normalization needs the tenant's default region and belongs to the pipeline, not to storage.
    /// Version 1 had no finality flag: a record is final when its status is.
    /// </remarks>
    public static CallRecord FromV1(CallRecordV1Dto dto)
    {
        var direction = EnumNames.ParseDirection(dto.Direction);
        var status = EnumNames.ParseStatus(dto.Status);
        var phone = string.IsNullOrEmpty(dto.Phone) ? PhoneNumber.Empty : new PhoneNumber(dto.Phone);
        return new CallRecord
        {
            SourceSystem = Required(dto.SourceSystem, "sourceSystem"),
            SourceId = Required(dto.SourceId, "sourceId"),
            Direction = direction,
            From = direction == CallDirection.Outbound ? PhoneNumber.Empty : phone,
            To = direction == CallDirection.Outbound ? phone : PhoneNumber.Empty,
            Agent = dto.Agent,
            Queue = dto.Queue,
            StartedAt = dto.StartedAt,
            EndedAt = dto.EndedAt,
            Duration = dto.DurationSeconds is { } seconds ? Duration.FromSeconds(seconds) : null,
            Status = status,
            IsFinal = status.IsFinal(),
            Disposition = dto.Disposition,
            RecordingUrl = ParseUri(dto.RecordingUrl),
            CustomerReference = dto.CustomerReference,
            CustomFields = new Dictionary<string, string>(0),
        };
    }

    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> fields)
    {
        var copy = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            copy[name] = value;
        }

        return copy;
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrEmpty(value) ? throw ContractErrors.Invalid(ContractTypes.CallRecord, $"{field} is missing.") : value;

    private static Uri? ParseUri(string? value) =>
        value is null ? null
        : Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out var uri) ? uri
        : throw ContractErrors.Invalid(ContractTypes.CallRecord, "recordingUrl is not a URI.");
}
