using System;
using CallCrm.Connectors.Hosting;
using CallCrm.Connectors.Storage.PostgreSql;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps the state of <c>services.AddCallCrmConnectors(...)</c> in PostgreSQL, shared by several instances.</summary>
public static class PostgreSqlCallCrmConnectorsBuilderExtensions
{
    /// <summary>Keeps state in PostgreSQL, as <see cref="PostgreSqlStateStoreServiceCollectionExtensions.AddPostgreSqlStateStore(IServiceCollection, Action{PostgreSqlStateStoreOptions})"/> does.</summary>
    /// <typeparam name="TBuilder">The builder's type, returned as given so that the chain goes on.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the options, for example <see cref="PostgreSqlStateStoreOptions.ConnectionString"/>.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UsePostgreSqlStateStore<TBuilder>(this TBuilder builder, Action<PostgreSqlStateStoreOptions> configure)
        where TBuilder : ICallCrmConnectorsBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPostgreSqlStateStore(configure);
        return builder;
    }

    /// <summary>Keeps state in PostgreSQL, options bound from configuration.</summary>
    /// <typeparam name="TBuilder">The builder's type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">The section of <see cref="PostgreSqlStateStoreOptions"/>, for example <c>CallCrm:State:PostgreSql</c>;
    /// keep the connection string's password in a secret store, not in appsettings.json.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UsePostgreSqlStateStore<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : ICallCrmConnectorsBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPostgreSqlStateStore(configuration);
        return builder;
    }
}
