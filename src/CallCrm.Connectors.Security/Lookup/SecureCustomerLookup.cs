using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CallCrm.Connectors.Security.Lookup;

/// <summary>The screen-pop lookup as applications should call it: it takes the caller's <see cref="ClaimsPrincipal"/>, refuses callers
/// the access policy denies, returns only the fields and views the caller's roles may see, and appends every lookup (allowed, denied or
/// failed) to the audit log, with the phone number pseudonymized.</summary>
/// <remarks>
/// <para>The audit entry of a lookup has operation <see cref="AuditOperations.CustomerLookup"/>, the caller and the roles the policy
/// resolved, entity type <c>phone-number</c> with the number's pseudonym (<see cref="AuditPseudonymizer"/>) as entity id, the fields the
/// caller was given, the outcome, the current trace id as correlation id, and details <c>customerIds</c>, <c>matches</c>,
/// <c>masked</c>, <c>provider</c> and, for a failure, <c>error</c>. Neither the entry nor the logs ever hold the raw number.</para>
/// <para>A lookup that cannot be audited is not returned: when appending the entry fails, the exception propagates and the data is
/// dropped. A cancelled lookup returns nothing and is not audited.</para>
/// </remarks>
public sealed class SecureCustomerLookup
{
    /// <summary>The entity type of lookup entries: the entity is the looked-up number, by its pseudonym.</summary>
    public const string EntityType = "phone-number";

    private readonly ICustomerLookup inner;
    private readonly ICustomerDataAccessPolicy policy;
    private readonly IAuditLog auditLog;
    private readonly AuditPseudonymizer pseudonymizer;
    private readonly IPhoneNumberNormalizer normalizer;
    private readonly TimeProvider timeProvider;
    private readonly SecureCustomerLookupOptions options;
    private readonly ILogger logger;

    /// <summary>Initializes a new instance of the <see cref="SecureCustomerLookup"/> class.</summary>
    /// <param name="inner">The CRM's lookup (for example HubSpot's).</param>
    /// <param name="policy">Decides what the caller may read.</param>
    /// <param name="auditLog">Receives an entry for every lookup.</param>
    /// <param name="pseudonymizer">Pseudonymizes the looked-up number for the audit entry.</param>
    /// <param name="normalizer">Turns the number as the call system gave it into E.164.</param>
    /// <param name="options">The history window and candidate limit.</param>
    /// <param name="timeProvider">The clock the history window is measured from.</param>
    /// <param name="logger">Logs failures (never the number).</param>
    public SecureCustomerLookup(
        ICustomerLookup inner,
        ICustomerDataAccessPolicy policy,
        IAuditLog auditLog,
        AuditPseudonymizer pseudonymizer,
        IPhoneNumberNormalizer normalizer,
        IOptions<SecureCustomerLookupOptions> options,
        TimeProvider timeProvider,
        ILogger<SecureCustomerLookup>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(auditLog);
        ArgumentNullException.ThrowIfNull(pseudonymizer);
        ArgumentNullException.ThrowIfNull(normalizer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.inner = inner;
        this.policy = policy;
        this.auditLog = auditLog;
        this.pseudonymizer = pseudonymizer;
        this.normalizer = normalizer;
        this.timeProvider = timeProvider;
        this.options = options.Value;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Finds the customers behind a phone number for a caller, filtered to what the caller may see, and audits the lookup.</summary>
    /// <param name="caller">The user asking (for example <c>HttpContext.User</c>); needs the <see cref="DataView.Profile"/> view.</param>
    /// <param name="phoneNumber">The number as the call system gave it: E.164, national or international format, a <c>tel:</c> or
    /// <c>sip:</c> URI. A withheld or empty number finds nobody.</param>
    /// <param name="region">The ISO 3166-1 alpha-2 region to read a national number in, or <see langword="null"/> for the normalizer's
    /// default region.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The matches as the caller may see them: masked and hidden fields, no tickets or calls unless the caller may read them.</returns>
    /// <exception cref="ConnectorException">The caller may not read customer profiles (<see cref="ConnectorErrorCode.AccessDenied"/>), the
    /// number is not a phone number (<see cref="ConnectorErrorCode.InvalidPhoneNumber"/>), or the CRM failed (its error).</exception>
    public async ValueTask<CustomerLookupResult> FindByPhoneAsync(
        ClaimsPrincipal caller,
        string? phoneNumber,
        string? region = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var number = normalizer.Normalize(phoneNumber, region);
        var entry = new LookupAudit(caller, pseudonymizer.Pseudonymize(number.ToPhoneNumber()), inner.Name);

        CustomerDataAccess access;
        try
        {
            access = policy.EnsureCanRead(caller, DataView.Profile);
        }
        catch (ConnectorException ex) when (ex.Code.Is(ConnectorErrorCode.AccessDenied))
        {
            await auditLog.AppendAsync(entry.Denied(), cancellationToken).ConfigureAwait(false);
            throw;
        }

        if (!number.IsValid)
        {
            return await UnusableNumberAsync(number, entry, access, cancellationToken).ConfigureAwait(false);
        }

        var request = new CustomerLookupRequest(
            number.E164!,
            Instant.FromDateTimeOffset(timeProvider.GetUtcNow() - options.HistoryWindow),
            options.MaxCandidates);
        CustomerLookupResult found;
        try
        {
            found = await inner.FindByPhoneAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var code = (ex as ConnectorException)?.Code ?? ConnectorErrorCode.Unknown;
            Log.LookupFailed(logger, inner.Name, code.Value);
            await auditLog.AppendAsync(entry.Failed(access, code), cancellationToken).ConfigureAwait(false);
            throw;
        }

        var filtered = policy.Filter(caller, found);
        await auditLog.AppendAsync(entry.Succeeded(access, filtered), cancellationToken).ConfigureAwait(false);
        return filtered;
    }

    private async ValueTask<CustomerLookupResult> UnusableNumberAsync(
        PhoneNumberResult number, LookupAudit entry, CustomerDataAccess access, CancellationToken cancellationToken)
    {
        if (number.Status is PhoneNumberStatus.Empty or PhoneNumberStatus.Anonymous)
        {
            // A withheld number is a new caller as far as the card goes; the CRM is not asked.
            var withheld = entry.Succeeded(access, CustomerLookupResult.NotFound);
            await auditLog.AppendAsync(
                withheld with { Details = new Dictionary<string, string>(withheld.Details) { ["number"] = number.Status.ToString() } },
                cancellationToken).ConfigureAwait(false);
            return CustomerLookupResult.NotFound;
        }

        var error = number.ToConnectorError("phoneNumber");
        await auditLog.AppendAsync(entry.Failed(access, error.Code), cancellationToken).ConfigureAwait(false);
        throw new ConnectorException(error);
    }

    /// <summary>Builds the audit entries of one lookup.</summary>
    private readonly struct LookupAudit(ClaimsPrincipal caller, string? numberPseudonym, string provider)
    {
        public AuditEntry Denied() => Base(AuditEntry.For(caller, AuditOperations.CustomerLookup)) with { Outcome = AuditOutcome.Denied };

        public AuditEntry Failed(CustomerDataAccess access, ConnectorErrorCode code) =>
            Base(AuditEntry.For(caller, AuditOperations.CustomerLookup, access.Roles)) with
            {
                Outcome = AuditOutcome.Failed,
                Details = new Dictionary<string, string> { ["provider"] = provider, ["error"] = code.Value },
            };

        public AuditEntry Succeeded(CustomerDataAccess access, CustomerLookupResult filtered)
        {
            var fields = ReturnedFields.Collect(filtered);
            var details = new Dictionary<string, string>
            {
                ["provider"] = provider,
                ["matches"] = filtered.Matches.Count.ToString(CultureInfo.InvariantCulture),
            };
            if (filtered.Matches.Count > 0)
            {
                details["customerIds"] = string.Join(",", filtered.Matches.Select(m => m.Customer.Id));
            }

            var masked = ReturnedFields.Masked(access, fields);
            if (masked.Count > 0)
            {
                details["masked"] = string.Join(",", masked);
            }

            return Base(AuditEntry.For(caller, AuditOperations.CustomerLookup, access.Roles)) with
            {
                Outcome = AuditOutcome.Succeeded,
                Fields = fields,
                Details = details,
            };
        }

        private AuditEntry Base(AuditEntry entry) => entry with
        {
            EntityType = EntityType,
            EntityId = numberPseudonym,
            CorrelationId = AuditCorrelation.Current(),
            Details = new Dictionary<string, string> { ["provider"] = provider },
        };
    }
}
