namespace CallCrm.Connectors.State;

/// <summary>Which dead letters to list.</summary>
/// <param name="Stream">Only this stream's, or <see langword="null"/> for all.</param>
/// <param name="ErrorCode">Only those with this error code, or <see langword="null"/> for all.</param>
/// <param name="AfterId">Only those with a larger identifier (for paging), or <see langword="null"/> to start at the first.</param>
/// <param name="MaxCount">How many to return at most.</param>
public sealed record DeadLetterQuery(string? Stream = null, string? ErrorCode = null, long? AfterId = null, int MaxCount = 100);
