using System;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.Security.Access;

/// <summary>Configures <see cref="CustomerDataAccessOptions"/> fluently; see <see cref="SecurityServiceCollectionExtensions.AddCallCrmCustomerDataAccess(IServiceCollection, Action{CustomerDataAccessBuilder})"/>.</summary>
public sealed class CustomerDataAccessBuilder
{
    private readonly CustomerDataAccessOptions options;

    /// <summary>Initializes a new instance of the <see cref="CustomerDataAccessBuilder"/> class.</summary>
    /// <param name="options">The options to configure.</param>
    public CustomerDataAccessBuilder(CustomerDataAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
    }

    /// <summary>Reads the caller's roles from another claim type (for example <c>roles</c> for Microsoft Entra ID tokens).</summary>
    /// <param name="claimType">The claim type.</param>
    /// <returns>The builder.</returns>
    public CustomerDataAccessBuilder UseRoleClaimType(string claimType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimType);
        options.RoleClaimType = claimType;
        return this;
    }

    /// <summary>Drops the built-in roles: only roles defined with <see cref="Role"/> grant anything.</summary>
    /// <returns>The builder.</returns>
    public CustomerDataAccessBuilder WithoutDefaultRoles()
    {
        options.IncludeDefaultRoles = false;
        return this;
    }

    /// <summary>Defines a role from nothing (deny all) and replaces any built-in role of the same name.</summary>
    /// <param name="name">The role's name, as it appears in role claims.</param>
    /// <param name="configure">Grants views and fields.</param>
    /// <returns>The builder.</returns>
    public CustomerDataAccessBuilder Role(string name, Action<RoleAccessBuilder> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var role = new RoleAccessOptions();
        configure(new RoleAccessBuilder(role));
        options.Roles[name] = role;
        return this;
    }

    /// <summary>Changes a role starting from its current definition (the built-in one for <see cref="CustomerDataRoles"/> names).</summary>
    /// <param name="name">The role's name.</param>
    /// <param name="configure">Grants (or takes away) views and fields.</param>
    /// <returns>The builder.</returns>
    public CustomerDataAccessBuilder ExtendRole(string name, Action<RoleAccessBuilder> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        if (!options.Roles.TryGetValue(name, out var role))
        {
            role = DefaultRoles.Create().TryGetValue(name, out var builtIn) ? builtIn : new RoleAccessOptions();
            options.Roles[name] = role;
        }

        configure(new RoleAccessBuilder(role));
        return this;
    }
}
