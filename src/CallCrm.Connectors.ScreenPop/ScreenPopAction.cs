namespace CallCrm.Connectors.ScreenPop;

/// <summary>Something the agent can do from a card, for the UI to render as a button or link.</summary>
/// <param name="Kind">What the action does: one of <see cref="ScreenPopActionKinds"/>, or an application's own.</param>
/// <param name="Url">Where the action goes (a <c>tel:</c> link, a CRM page), or <see langword="null"/> when the UI handles
/// <paramref name="Kind"/> itself.</param>
public sealed record ScreenPopAction(string Kind, string? Url = null);
