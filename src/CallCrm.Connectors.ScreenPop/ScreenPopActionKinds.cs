namespace CallCrm.Connectors.ScreenPop;

/// <summary>The kinds of <see cref="ScreenPopAction"/> the SDK puts on cards.</summary>
public static class ScreenPopActionKinds
{
    /// <summary>Call the caller back (click-to-dial); the URL is a <c>tel:</c> link to the caller's E.164 number.</summary>
    public const string Dial = "dial";

    /// <summary>Create a lead (or contact) for a new caller; the URL comes from <see cref="ScreenPopOptions.CreateLeadUrlTemplate"/>.</summary>
    public const string CreateLead = "create-lead";
}
