using System;
using System.IO;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>Makes a relative database path relative to the host's content root rather than to the working directory: a service
/// started from another folder (a service manager, a shortcut, <c>dotnet run --project</c>) must open the same state, not silently
/// create a new empty one and read everything again.</summary>
/// <remarks>Without a host (no <see cref="IHostEnvironment"/> registered) the path stays as configured and resolves against the
/// working directory, as SQLite itself does; the store logs the absolute path it opens either way.</remarks>
internal sealed class SqliteDataSourceResolver(IServiceProvider services) : IPostConfigureOptions<SqliteStateStoreOptions>
{
    public void PostConfigure(string? name, SqliteStateStoreOptions options)
    {
        if (services.GetService<IHostEnvironment>()?.ContentRootPath is not { Length: > 0 } contentRoot)
        {
            return;
        }

        if (Resolve(options.DataSource, contentRoot) is { } dataSource)
        {
            options.DataSource = dataSource;
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            SqliteConnectionStringBuilder builder;
            try
            {
                builder = new SqliteConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException)
            {
                // The options validator reports a malformed connection string, with the setting's name.
                return;
            }

            if (Resolve(builder.DataSource, contentRoot) is { } resolved)
            {
                builder.DataSource = resolved;
                options.ConnectionString = builder.ToString();
            }
        }
    }

    /// <summary>Gets the absolute path of a relative file path under <paramref name="root"/>, or <see langword="null"/> when there is
    /// nothing to resolve (empty, already absolute, in memory, or a <c>file:</c> URI, which SQLite resolves itself).</summary>
    internal static string? Resolve(string? dataSource, string root)
    {
        if (string.IsNullOrWhiteSpace(dataSource)
            || Path.IsPathRooted(dataSource)
            || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            || string.Equals(dataSource, ":memory:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Path.GetFullPath(Path.Combine(root, dataSource));
    }
}
