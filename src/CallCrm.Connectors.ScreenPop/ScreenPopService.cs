using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.ScreenPop.Caching;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.ScreenPop;

/// <summary>The screen-pop service: <see cref="IScreenPopService"/> over a cache of CRM answers by E.164 number, and
/// <see cref="IScreenPopCacheInvalidator"/> for that cache.</summary>
/// <remarks>
/// <para>The cache holds the CRM's answer unfiltered, so one CRM request serves every role; each lookup gets a copy filtered by
/// <see cref="ICustomerDataAccessPolicy"/> (cached per set of roles unless <see cref="ScreenPopOptions.CacheFilteredCards"/> is off).
/// Lookups of a number no request is reading yet share one CRM request. A card younger than <see cref="ScreenPopOptions.TimeToLive"/>
/// is served as is; up to <see cref="ScreenPopOptions.StaleWhileRevalidate"/> later it is served (stale) while one background request
/// refreshes it; later still the lookup waits for the CRM, and if the CRM fails, a card up to <see cref="ScreenPopOptions.StaleIfError"/>
/// past its time to live is served, stale, with its age and the error.</para>
/// <para>Every lookup of a valid number is audited, before the card is returned, with the number pseudonymized; a denied lookup is
/// audited as denied. With <see cref="ScreenPopOptions.AuditDurability"/> at <see cref="AuditDurability.Buffered"/> (the default) the
/// entry is in the audit log's buffer before the card is returned and becomes durable with the next group commit; with
/// <see cref="AuditDurability.Immediate"/> it is durable before the card is returned. A lookup whose audit entry cannot be handed over
/// (or, when immediate, written) fails: no customer data leaves unaudited.</para>
/// </remarks>
public sealed class ScreenPopService : IScreenPopService, IScreenPopCacheInvalidator, IDisposable
{
    private const string Hit = "hit";
    private const string Stale = "stale";
    private const string Miss = "miss";
    private const string StaleIfError = "stale_if_error";

    private readonly ICustomerDataAccessPolicy policy;
    private readonly IAuditLog auditLog;
    private readonly AuditPseudonymizer pseudonymizer;
    private readonly ScreenPopOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly PhoneNumberNormalizer normalizer;
    private readonly ScreenPopCache cache;
    private readonly ScreenPopMetrics metrics;
    private readonly TimeSpan staleWhileRevalidateUntil;
    private readonly TimeSpan staleIfErrorUntil;

    /// <summary>Initializes a new instance of the <see cref="ScreenPopService"/> class.</summary>
    /// <param name="lookup">The CRM's lookup (for example HubSpot's).</param>
    /// <param name="policy">Decides what each agent may see.</param>
    /// <param name="auditLog">Records every lookup.</param>
    /// <param name="pseudonymizer">Turns caller numbers into the pseudonyms the audit log holds.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock of the cache; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger; never given a phone number.</param>
    /// <param name="meterFactory">Creates the meter <c>CallCrm.Connectors.ScreenPop</c>, if given.</param>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public ScreenPopService(
        ICustomerLookup lookup,
        ICustomerDataAccessPolicy policy,
        IAuditLog auditLog,
        AuditPseudonymizer pseudonymizer,
        IOptions<ScreenPopOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<ScreenPopService>? logger = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(auditLog);
        ArgumentNullException.ThrowIfNull(pseudonymizer);
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        var validation = new ScreenPopOptionsValidator().Validate(Options.DefaultName, value);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ScreenPopOptions), validation.Failures);
        }

        this.policy = policy;
        this.auditLog = auditLog;
        this.pseudonymizer = pseudonymizer;
        this.options = value;
        time = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        normalizer = new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = value.Region });
        cache = new ScreenPopCache(lookup, value, time);
        metrics = new ScreenPopMetrics(meterFactory);
        staleWhileRevalidateUntil = value.TimeToLive + value.StaleWhileRevalidate;
        staleIfErrorUntil = value.TimeToLive + value.StaleIfError;
    }

    /// <summary>Gets how many numbers the cache holds.</summary>
    public int CachedCount => cache.Count;

    /// <inheritdoc />
    public async ValueTask<ScreenPopCard> LookupAsync(string? rawNumber, ClaimsPrincipal caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var number = normalizer.Normalize(rawNumber);
        var access = policy.Resolve(caller);
        if (!access.CanRead(DataView.Profile))
        {
            var pseudonym = number.E164 is { } denied ? pseudonymizer.Pseudonymize(denied) : null;
            await AuditAsync(caller, access, LookupAuditFacts.For("denied", pseudonym, null, access), AuditOutcome.Denied, cancellationToken).ConfigureAwait(false);
            policy.EnsureCanRead(caller, DataView.Profile); // throws the policy's own ACCESS_DENIED error (and logs the denial)
        }

        if (number.E164 is not { } e164)
        {
            var withheld = number.Status is PhoneNumberStatus.Empty or PhoneNumberStatus.Anonymous;
            metrics.Lookup(withheld ? "withheld" : "invalid");
            return new ScreenPopCard
            {
                Kind = withheld ? ScreenPopCardKind.Withheld : ScreenPopCardKind.InvalidNumber,
                Error = number.ToConnectorError(),
                CrmName = options.CrmDisplayName,
            };
        }

        var entry = cache.TryGet(e164);
        var source = Hit;
        ConnectorError? error = null;
        if (entry is not null && Age(entry) >= options.TimeToLive && Age(entry) < staleWhileRevalidateUntil)
        {
            source = Stale;
            RefreshInBackground(e164, entry);
        }
        else if (entry is null || Age(entry) >= options.TimeToLive)
        {
            (entry, error) = await FetchOrStaleAsync(e164, entry, cancellationToken).ConfigureAwait(false);
            source = error is null ? Miss : StaleIfError;
        }

        if (entry is null)
        {
            metrics.Lookup("unavailable");
            var unavailable = LookupAuditFacts.For("unavailable", pseudonymizer.Pseudonymize(e164), null, access);
            await AuditAsync(caller, access, unavailable, AuditOutcome.Failed, cancellationToken).ConfigureAwait(false);
            return new ScreenPopCard { Kind = ScreenPopCardKind.Unavailable, CallerE164 = e164, Error = error, CrmName = options.CrmDisplayName, Actions = [Dial(e164)] };
        }

        metrics.Lookup(source);
        var pseudonymOfCaller = entry.Pseudonym ??= pseudonymizer.Pseudonymize(e164);
        var projection = ProjectionFor(entry, e164, caller, access);
        var facts = projection.AuditFacts(SourceIndex(source), source, pseudonymOfCaller, access);
        await AuditAsync(caller, access, facts, AuditOutcome.Succeeded, cancellationToken).ConfigureAwait(false);
        var age = Age(entry);
        return projection.Card with { Age = age, IsStale = age >= options.TimeToLive, Error = error };
    }

    /// <inheritdoc />
    public async ValueTask<bool> PreloadAsync(string? rawNumber, CancellationToken cancellationToken = default)
    {
        if (normalizer.Normalize(rawNumber).E164 is not { } e164)
        {
            return false;
        }

        if (cache.TryGet(e164) is { } entry && Age(entry) < options.TimeToLive)
        {
            return true;
        }

        try
        {
            await cache.FetchAsync(e164).WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
        {
            Log.PreloadFailed(logger, pseudonymizer.Pseudonymize(e164), ToError(ex).Code);
            return false;
        }
    }

    /// <inheritdoc />
    public bool Invalidate(string e164)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(e164);
        return cache.Invalidate(e164);
    }

    /// <inheritdoc />
    public int InvalidateCustomer(string customerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        return cache.InvalidateCustomer(customerId);
    }

    /// <inheritdoc />
    public void Dispose() => metrics.Dispose();

    private static ScreenPopAction Dial(string e164) => new(ScreenPopActionKinds.Dial, string.Concat("tel:", e164));

    private static bool IsCallerCancellation(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested;

    private static ConnectorError ToError(Exception ex) => ConnectorErrorClassifier.FromException(ex);

    private static string RoleKey(CustomerDataAccess access)
    {
        var roles = access.Roles;
        if (roles.Count == 1)
        {
            return roles[0];
        }

        // Several roles: one key per set, whatever order the claims came in.
        var sorted = new string[roles.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = roles[i].ToUpperInvariant();
        }

        Array.Sort(sorted, StringComparer.Ordinal);
        return string.Join('\n', sorted);
    }

    private TimeSpan Age(CacheEntry entry) => time.GetUtcNow() - entry.RetrievedAt;

    private static int SourceIndex(string source) => source switch
    {
        Hit => 0,
        Stale => 1,
        Miss => 2,
        _ => 3,
    };

    /// <summary>The card and audit facts for the caller's roles: cached with the entry, so a hit does no per-field policy work.</summary>
    private RoleProjection ProjectionFor(CacheEntry entry, string e164, ClaimsPrincipal caller, CustomerDataAccess access)
    {
        if (!options.CacheFilteredCards)
        {
            return new RoleProjection(BuildCard(entry, e164, caller));
        }

        var key = RoleKey(access);
        if (entry.ProjectionsByRoles.TryGetValue(key, out var projection))
        {
            return projection;
        }

        return entry.ProjectionsByRoles.GetOrAdd(key, new RoleProjection(BuildCard(entry, e164, caller)));
    }

    private ScreenPopCard BuildCard(CacheEntry entry, string e164, ClaimsPrincipal caller)
    {
        var filtered = policy.Filter(caller, entry.Result);
        var kind = filtered.Matches.Count switch
        {
            0 => ScreenPopCardKind.NewCaller,
            1 => ScreenPopCardKind.Customer,
            _ => ScreenPopCardKind.Candidates,
        };
        IReadOnlyList<ScreenPopAction> actions = kind == ScreenPopCardKind.NewCaller
            ? [Dial(e164), new ScreenPopAction(ScreenPopActionKinds.CreateLead, options.CreateLeadUrlTemplate?.Replace("{phone}", Uri.EscapeDataString(e164), StringComparison.Ordinal))]
            : [Dial(e164)];
        return new ScreenPopCard
        {
            Kind = kind,
            CallerE164 = e164,
            Matches = filtered.Matches,
            Actions = actions,
            RetrievedAt = entry.RetrievedAt,
            CrmName = options.CrmDisplayName,
        };
    }

    private async ValueTask<(CacheEntry? Entry, ConnectorError? Error)> FetchOrStaleAsync(string e164, CacheEntry? stale, CancellationToken cancellationToken)
    {
        try
        {
            return (await cache.FetchAsync(e164).WaitAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
        {
            var error = ToError(ex);
            var pseudonym = stale?.Pseudonym ?? pseudonymizer.Pseudonymize(e164);
            if (stale is not null && Age(stale) < staleIfErrorUntil)
            {
                Log.ServedStale(logger, pseudonym, error.Code, (long)Age(stale).TotalSeconds);
                return (stale, error);
            }

            Log.Unavailable(logger, pseudonym, error.Code);
            return (null, error);
        }
    }

    private void RefreshInBackground(string e164, CacheEntry stale)
    {
        var refresh = cache.FetchAsync(e164);
        if (refresh.IsCompleted && !refresh.IsFaulted)
        {
            return;
        }

        // Observed so a failure is logged (and never unobserved); the stale entry stays until stale-if-error runs out.
        _ = refresh.ContinueWith(
            static (task, state) =>
            {
                var (service, pseudonym) = ((ScreenPopService, string?))state!;
                Log.RefreshFailed(service.logger, pseudonym, ToError(task.Exception!.InnerException ?? task.Exception).Code);
            },
            (this, stale.Pseudonym ?? pseudonymizer.Pseudonymize(e164)),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static async ValueTask AwaitAppended(ValueTask<AuditRecord> append) => await append.ConfigureAwait(false);

    private ValueTask AuditAsync(ClaimsPrincipal caller, CustomerDataAccess access, LookupAuditFacts facts, AuditOutcome outcome, CancellationToken cancellationToken)
    {
        var entry = AuditEntry.For(caller, AuditOperations.CustomerLookup, access.Roles) with
        {
            EntityType = "customer",
            EntityId = facts.EntityId,
            Fields = facts.Fields,
            Outcome = outcome,
            CorrelationId = Activity.Current?.TraceId.ToString(),
            Details = facts.Details,
        };
        return options.AuditDurability == AuditDurability.Immediate
            ? AwaitAppended(auditLog.AppendAsync(entry, cancellationToken))
            : auditLog.EnqueueAsync(entry, cancellationToken);
    }
}
