namespace CallCrm.Connectors.Sync.Tags;

/// <summary>Which side decides a tag's value when the CRM and call outcomes disagree.</summary>
public enum TagOwner
{
    /// <summary>The CRM owns the tag: its value always wins and call outcomes cannot change it. The default.</summary>
    Crm = 0,

    /// <summary>The call side owns the tag (outcome tags such as <c>last-call</c>): CRM changes cannot change it.</summary>
    CallSystem = 1,

    /// <summary>The change with the later source timestamp wins, whichever side made it.</summary>
    LastWriterWins = 2,
}
