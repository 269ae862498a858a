using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Security.Access;

/// <summary>The role-based <see cref="ICustomerDataAccessPolicy"/>: roles come from the caller's role claims, grants from
/// <see cref="CustomerDataAccessOptions"/>.</summary>
public sealed class CustomerDataAccessPolicy : ICustomerDataAccessPolicy
{
    private readonly string roleClaimType;
    private readonly Dictionary<string, RoleAccessOptions> roles;
    private readonly ILogger logger;

    /// <summary>Initializes a new instance of the <see cref="CustomerDataAccessPolicy"/> class.</summary>
    /// <param name="options">The roles and their grants.</param>
    /// <param name="logger">Logs denials (roles and view only, never who the caller is).</param>
    public CustomerDataAccessPolicy(IOptions<CustomerDataAccessOptions> options, ILogger<CustomerDataAccessPolicy>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        roleClaimType = value.RoleClaimType;

        // Snapshot the grants so that later changes to the options object cannot widen access behind the policy's back.
        var effective = new Dictionary<string, RoleAccessOptions>(StringComparer.OrdinalIgnoreCase);
        if (value.IncludeDefaultRoles)
        {
            foreach (var (name, role) in DefaultRoles.Create())
            {
                effective[name] = role;
            }
        }

        foreach (var (name, role) in value.Roles)
        {
            effective[name] = Copy(role);
        }

        roles = effective;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Creates a policy with the built-in roles and the default role claim type.</summary>
    /// <returns>The policy.</returns>
    public static CustomerDataAccessPolicy CreateDefault() => new(Options.Create(new CustomerDataAccessOptions()));

    /// <inheritdoc />
    public CustomerDataAccess Resolve(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var names = new List<string>();
        var grants = new List<RoleAccessOptions>();
        foreach (var identity in principal.Identities)
        {
            // Claims of an unauthenticated identity are only assertions of the caller: they grant nothing.
            if (!identity.IsAuthenticated)
            {
                continue;
            }

            foreach (var claim in identity.FindAll(roleClaimType))
            {
                if (roles.TryGetValue(claim.Value, out var grant) && !names.Contains(claim.Value, StringComparer.OrdinalIgnoreCase))
                {
                    names.Add(claim.Value);
                    grants.Add(grant);
                }
            }
        }

        return grants.Count == 0 ? CustomerDataAccess.None : new CustomerDataAccess(names, grants);
    }

    /// <inheritdoc />
    public bool CanRead(ClaimsPrincipal principal, DataView view) => Resolve(principal).CanRead(view);

    /// <inheritdoc />
    public CustomerDataAccess EnsureCanRead(ClaimsPrincipal principal, DataView view)
    {
        var access = Resolve(principal);
        if (!access.CanRead(view))
        {
            var roleList = access.IsDenied ? "(none)" : string.Join(",", access.Roles);
            Log.AccessDenied(logger, view, roleList);
            throw new ConnectorException(new ConnectorError
            {
                Code = ConnectorErrorCode.AccessDenied,
                TechnicalDetail = string.Concat("The caller's roles (", roleList, ") may not read the ", view.ToString(), " view."),
            });
        }

        return access;
    }

    /// <inheritdoc />
    public CustomerProfile Filter(ClaimsPrincipal principal, CustomerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return CustomerDataFilter.Filter(EnsureCanRead(principal, DataView.Profile), profile);
    }

    /// <inheritdoc />
    public CustomerMatch Filter(ClaimsPrincipal principal, CustomerMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return CustomerDataFilter.Filter(EnsureCanRead(principal, DataView.Profile), match);
    }

    /// <inheritdoc />
    public CustomerLookupResult Filter(ClaimsPrincipal principal, CustomerLookupResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var access = EnsureCanRead(principal, DataView.Profile);
        return new CustomerLookupResult([.. result.Matches.Select(m => CustomerDataFilter.Filter(access, m))]);
    }

    private static RoleAccessOptions Copy(RoleAccessOptions role)
    {
        var copy = new RoleAccessOptions { DefaultCustomFieldAccess = role.DefaultCustomFieldAccess };
        foreach (var view in role.Views)
        {
            copy.Views.Add(view);
        }

        foreach (var (field, access) in role.Fields)
        {
            copy.Fields[field] = access;
        }

        foreach (var (field, access) in role.CustomFields)
        {
            copy.CustomFields[field] = access;
        }

        return copy;
    }
}
