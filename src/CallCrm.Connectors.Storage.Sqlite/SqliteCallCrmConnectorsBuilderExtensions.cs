using System;
using CallCrm.Connectors.Hosting;
using CallCrm.Connectors.Storage.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps the state of <c>services.AddCallCrmConnectors(...)</c> in a SQLite file (the embedded default store).</summary>
public static class SqliteCallCrmConnectorsBuilderExtensions
{
    /// <summary>Keeps state in a SQLite file, as <see cref="SqliteStateStoreServiceCollectionExtensions.AddSqliteStateStore(IServiceCollection, Action{SqliteStateStoreOptions})"/> does.</summary>
    /// <typeparam name="TBuilder">The builder's type, returned as given so that the chain goes on.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the options, for example <see cref="SqliteStateStoreOptions.DataSource"/>.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseSqliteStateStore<TBuilder>(this TBuilder builder, Action<SqliteStateStoreOptions> configure)
        where TBuilder : ICallCrmConnectorsBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteStateStore(configure);
        return builder;
    }

    /// <summary>Keeps state in a SQLite file, options bound from configuration.</summary>
    /// <typeparam name="TBuilder">The builder's type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">The section of <see cref="SqliteStateStoreOptions"/>, for example <c>CallCrm:State:Sqlite</c>.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseSqliteStateStore<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : ICallCrmConnectorsBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteStateStore(configuration);
        return builder;
    }
}
