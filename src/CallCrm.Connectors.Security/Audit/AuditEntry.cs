using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>What happened, for the audit log: who (and in which role) did which operation on which entity and fields, how it ended, and
/// the correlation id that ties it to logs and traces.</summary>
/// <remarks>Never put a raw phone number, e-mail address or secret in <see cref="EntityId"/> or <see cref="Details"/>: use
/// <see cref="AuditPseudonymizer"/>. As a safety net the log redacts both when appending.</remarks>
public sealed record AuditEntry
{
    /// <summary>Gets the operation, for example <see cref="AuditOperations.CustomerLookup"/>.</summary>
    public required string Operation { get; init; }

    /// <summary>Gets who did it: a user's identifier, or the name of an SDK component for changes the SDK makes on its own.</summary>
    public string? Actor { get; init; }

    /// <summary>Gets the roles the actor acted in.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Gets the kind of entity, for example <c>customer</c> or <c>call</c>.</summary>
    public string? EntityType { get; init; }

    /// <summary>Gets the entity's identifier (a CRM id, a call key, or a pseudonym).</summary>
    public string? EntityId { get; init; }

    /// <summary>Gets the fields read or changed.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>Gets how the operation ended.</summary>
    public AuditOutcome Outcome { get; init; }

    /// <summary>Gets the correlation id (for example the W3C trace id) tying the entry to logs and traces.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Gets further facts, by name (counts, reasons, pseudonyms). Stored sorted by name.</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>(0);

    /// <summary>Starts an entry for an operation done by a caller: the actor is the caller's <see cref="ClaimTypes.NameIdentifier"/>
    /// (or name), and the roles are given or read from <see cref="ClaimTypes.Role"/>.</summary>
    /// <param name="principal">The caller.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="roles">The roles the caller acted in, as the access policy resolved them; <see langword="null"/> to read role claims.</param>
    /// <returns>The entry; set the other properties with <c>with</c>.</returns>
    public static AuditEntry For(ClaimsPrincipal principal, string operation, IEnumerable<string>? roles = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        var authenticated = principal.Identities.Any(i => i.IsAuthenticated);
        var actor = authenticated
            ? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? principal.Identity?.Name ?? "(unnamed)"
            : "(anonymous)";
        return new AuditEntry
        {
            Operation = operation,
            Actor = actor,
            Roles = [.. roles ?? principal.FindAll(ClaimTypes.Role).Select(c => c.Value)],
        };
    }
}
