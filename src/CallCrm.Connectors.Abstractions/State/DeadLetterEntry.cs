namespace CallCrm.Connectors.State;

/// <summary>A stored dead letter.</summary>
/// <param name="Id">The dead letter's identifier.</param>
/// <param name="Message">The dead letter.</param>
public sealed record DeadLetterEntry(long Id, DeadLetterMessage Message);
