using System.Collections.Generic;

namespace CallCrm.Connectors.HubSpot.Api;

/// <summary>An object reference <c>{"id":"…"}</c>.</summary>
internal sealed class ObjectIdDto
{
    public string Id { get; set; } = string.Empty;
}

/// <summary>The body of <c>batch/upsert</c>.</summary>
internal sealed class BatchUpsertRequestDto
{
    public List<UpsertInputDto> Inputs { get; set; } = [];
}

/// <summary>One upsert input keyed by a unique property.</summary>
internal sealed class UpsertInputDto
{
    public string Id { get; set; } = string.Empty;

    public string IdProperty { get; set; } = string.Empty;

    public Dictionary<string, string?> Properties { get; set; } = [];
}

/// <summary>The body of <c>batch/update</c>.</summary>
internal sealed class BatchUpdateRequestDto
{
    public List<UpdateInputDto> Inputs { get; set; } = [];
}

/// <summary>One update input keyed by the record's id.</summary>
internal sealed class UpdateInputDto
{
    public string Id { get; set; } = string.Empty;

    public Dictionary<string, string?> Properties { get; set; } = [];
}

/// <summary>The body of <c>batch/create</c>.</summary>
internal sealed class BatchCreateRequestDto
{
    public List<CreateInputDto> Inputs { get; set; } = [];
}

/// <summary>One create input with inline associations.</summary>
internal sealed class CreateInputDto
{
    public Dictionary<string, string?> Properties { get; set; } = [];

    public List<InlineAssociationDto>? Associations { get; set; }
}

/// <summary>An inline association of a created record.</summary>
internal sealed class InlineAssociationDto
{
    public ObjectIdDto To { get; set; } = new();

    public List<AssociationSpecDto> Types { get; set; } = [];
}

/// <summary>An association type: HubSpot-defined 194 is call to contact.</summary>
internal sealed class AssociationSpecDto
{
    public string AssociationCategory { get; set; } = "HUBSPOT_DEFINED";

    public int AssociationTypeId { get; set; }
}

/// <summary>The body of <c>batch/read</c>.</summary>
internal sealed class BatchReadRequestDto
{
    public List<ObjectIdDto> Inputs { get; set; } = [];

    public List<string>? Properties { get; set; }

    public string? IdProperty { get; set; }
}

/// <summary>A batch response (200, 201 or 207 with <c>errors</c>).</summary>
internal sealed class BatchResponseDto
{
    public string? Status { get; set; }

    public List<HubSpotObjectDto> Results { get; set; } = [];

    public List<ErrorDto>? Errors { get; set; }
}

/// <summary>HubSpot's error body, also used for each error of a 207.</summary>
internal sealed class ErrorDto
{
    public string? Status { get; set; }

    public string? Message { get; set; }

    public string? Category { get; set; }

    public string? CorrelationId { get; set; }

    public Dictionary<string, List<string>>? Context { get; set; }

    public List<ErrorDetailDto>? Errors { get; set; }
}

/// <summary>One detail of an error (HubSpot lists per-input problems here on some endpoints).</summary>
internal sealed class ErrorDetailDto
{
    public string? Message { get; set; }

    public string? Code { get; set; }

    public Dictionary<string, List<string>>? Context { get; set; }
}

/// <summary>The body of <c>POST /crm/v4/associations/{from}/{to}/batch/create</c>.</summary>
internal sealed class AssociationBatchCreateRequestDto
{
    public List<AssociationBatchInputDto> Inputs { get; set; } = [];
}

/// <summary>One association to create.</summary>
internal sealed class AssociationBatchInputDto
{
    public ObjectIdDto From { get; set; } = new();

    public ObjectIdDto To { get; set; } = new();

    public List<AssociationSpecDto> Types { get; set; } = [];
}

/// <summary>The body of <c>POST /crm/v4/associations/{from}/{to}/batch/read</c>.</summary>
internal sealed class AssociationBatchReadRequestDto
{
    public List<AssociationReadInputDto> Inputs { get; set; } = [];
}

/// <summary>One record whose associations to read; <c>after</c> continues from a previous answer's <c>paging.next.after</c>.</summary>
internal sealed class AssociationReadInputDto
{
    public string Id { get; set; } = string.Empty;

    public string? After { get; set; }
}

/// <summary>The associations of several records.</summary>
internal sealed class AssociationBatchReadResponseDto
{
    public List<AssociationReadResultDto> Results { get; set; } = [];
}

/// <summary>The associations of one record.</summary>
internal sealed class AssociationReadResultDto
{
    public ObjectIdDto From { get; set; } = new();

    public List<AssociationTargetDto> To { get; set; } = [];

    /// <summary>Present only when the record has more associations than one page holds (HubSpot pages them by 500).</summary>
    public PagingDto? Paging { get; set; }
}

/// <summary>One associated record.</summary>
internal sealed class AssociationTargetDto
{
    public long ToObjectId { get; set; }
}

/// <summary>The body of <c>POST /crm/v4/associations/{from}/{to}/batch/archive</c>.</summary>
internal sealed class AssociationBatchArchiveRequestDto
{
    public List<AssociationArchiveInputDto> Inputs { get; set; } = [];
}

/// <summary>One record and the records to dissociate from it (every label of each pair goes).</summary>
internal sealed class AssociationArchiveInputDto
{
    public ObjectIdDto From { get; set; } = new();

    public List<ObjectIdDto> To { get; set; } = [];
}

/// <summary>The answer of a v4 association batch create (201, or 207 with errors).</summary>
internal sealed class AssociationBatchCreateResponseDto
{
    public List<AssociationCreatedDto> Results { get; set; } = [];

    public List<ErrorDto>? Errors { get; set; }
}

/// <summary>One association created.</summary>
internal sealed class AssociationCreatedDto
{
    public long FromObjectId { get; set; }

    public long ToObjectId { get; set; }
}
