namespace CallCrm.Connectors.ScreenPop;

/// <summary>What a screen-pop card shows.</summary>
public enum ScreenPopCardKind
{
    /// <summary>One customer has the caller's number.</summary>
    Customer = 0,

    /// <summary>Several customers share the caller's number: the agent picks one with the caller.</summary>
    Candidates = 1,

    /// <summary>No customer has the caller's number: the card offers to create a lead.</summary>
    NewCaller = 2,

    /// <summary>The caller withheld their number (or sent none), so nothing was looked up.</summary>
    Withheld = 3,

    /// <summary>The caller's number could not be read, so nothing was looked up.</summary>
    InvalidNumber = 4,

    /// <summary>The CRM could not be asked and nothing usable was cached; <see cref="ScreenPopCard.Error"/> says why.</summary>
    Unavailable = 5,
}
