using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Contracts.Dto;

namespace CallCrm.Connectors.Contracts;

/// <summary>Maps <see cref="Checkpoint"/> to and from checkpoint contract version 1.</summary>
internal static class CheckpointContract
{
    private const string Watermark = "watermark";
    private const string Cursor = "cursor";

    public static CheckpointDto ToDto(Checkpoint checkpoint) => checkpoint switch
    {
        WatermarkCheckpoint watermark => new CheckpointDto
        {
            ContractVersion = ContractVersions.CheckpointCurrent,
            Kind = Watermark,
            Timestamp = watermark.Timestamp,
            TieBreakId = watermark.TieBreakId,
        },
        CursorCheckpoint cursor => new CheckpointDto
        {
            ContractVersion = ContractVersions.CheckpointCurrent,
            Kind = Cursor,
            Cursor = cursor.Cursor,
        },

        // Checkpoint's constructor is private protected: no other kind can exist outside Abstractions.
        _ => throw new System.ArgumentException($"Unknown checkpoint kind {checkpoint.GetType().Name}.", nameof(checkpoint)),
    };

    public static Checkpoint FromDto(CheckpointDto dto) => dto.Kind switch
    {
        Watermark when dto.Timestamp is { } timestamp => new WatermarkCheckpoint(timestamp, dto.TieBreakId ?? string.Empty),
        Watermark => throw ContractErrors.Invalid(ContractTypes.Checkpoint, "a watermark has no timestamp."),
        Cursor when dto.Cursor is { } cursor => new CursorCheckpoint(cursor),
        Cursor => throw ContractErrors.Invalid(ContractTypes.Checkpoint, "a cursor checkpoint has no cursor."),

        // Unlike an enum value, an unknown kind cannot be read as something safe: resuming from a wrong position
        // would skip or repeat data.
        _ => throw ContractErrors.Invalid(ContractTypes.Checkpoint, "kind is missing or unknown."),
    };
}
