using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.ScreenPop;

namespace CallCrm.Connectors.Samples.ScreenPopApi;

/// <summary>The JSON the agent panel reads: the card as the role may see it, with nulls left out so responses stay small.</summary>
internal sealed record ScreenPopResponse(
    string Kind,
    string? CallerE164,
    bool IsStale,
    long? AgeSeconds,
    DateTimeOffset? RetrievedAt,
    string? Message,
    string? ErrorCode,
    IReadOnlyList<ActionResponse> Actions,
    IReadOnlyList<CustomerResponse> Customers)
{
    public static ScreenPopResponse From(ScreenPopCard card) => new(
        KindName(card.Kind),
        card.CallerE164,
        card.IsStale,
        card.Age is { } age ? (long)age.TotalSeconds : null,
        card.RetrievedAt,
        card.GetUserMessage(CultureInfo.CurrentUICulture),
        card.Error?.Code.Value,
        [.. card.Actions.Select(a => new ActionResponse(a.Kind, a.Url))],
        [.. card.Matches.Select(CustomerResponse.From)]);

    private static string KindName(ScreenPopCardKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());
}

internal sealed record ActionResponse(string Kind, string? Url);

internal sealed record CustomerResponse(
    string Id,
    string? DisplayName,
    string? Company,
    string? Email,
    IReadOnlyList<string>? PhoneNumbers,
    string? Language,
    string? Owner,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<TicketResponse>? Tickets,
    IReadOnlyList<CallResponse>? RecentCalls)
{
    public static CustomerResponse From(CustomerMatch match)
    {
        var c = match.Customer;
        return new(
            c.Id,
            c.DisplayName,
            c.Company,
            c.Email,
            NullIfEmpty([.. c.PhoneNumbers.Select(p => p.E164 ?? p.Raw).OfType<string>()]),
            c.Language,
            c.Owner,
            NullIfEmpty([.. c.Tags.Select(t => t.ToString())]),
            NullIfEmpty([.. match.RecentTickets.Select(t => new TicketResponse(t.Id, t.Subject, t.Status, t.Priority, t.CreatedAt.ToDateTimeOffset(), t.Url?.ToString()))]),
            NullIfEmpty([.. match.RecentCalls.Select(r => new CallResponse(r.Direction.ToString(), r.StartedAt.ToDateTimeOffset(), r.Status.ToString(), (long?)r.Duration?.TotalSeconds))]));
    }

    // An empty list and a list the role may not see both become "absent": smaller, and the panel treats them alike.
    private static List<T>? NullIfEmpty<T>(List<T> items) => items.Count == 0 ? null : items;
}

internal sealed record TicketResponse(string Id, string? Subject, string? Status, string? Priority, DateTimeOffset CreatedAt, string? Url);

internal sealed record CallResponse(string Direction, DateTimeOffset StartedAt, string Status, long? DurationSeconds);

internal sealed record ErrorResponse(string ErrorCode, string Message);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScreenPopResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class ScreenPopJsonContext : JsonSerializerContext;
