using System;
using System.Globalization;
using Npgsql;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>Options of the <see cref="PostgreSqlStateStore"/>.</summary>
/// <remarks>The connection string is a secret (it may hold a password): <see cref="ToString"/>, the validation messages and the
/// store's logs name the host, port, database and schema only.</remarks>
public sealed class PostgreSqlStateStoreOptions
{
    /// <summary>The default <see cref="Schema"/>.</summary>
    public const string DefaultSchema = "callcrm";

    /// <summary>Gets or sets the Npgsql connection string, for example <c>Host=db;Database=callcrm;Username=connector;Password=...</c>.
    /// Its <c>Search Path</c> is replaced by <see cref="Schema"/> and its <c>Command Timeout</c> by <see cref="CommandTimeout"/>.</summary>
    /// <value>The default value is <see langword="null"/>; it is required.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the schema holding the store's tables. The store creates it when missing. Instances that share state use
    /// the same schema; separate deployments on one database use different ones.</summary>
    /// <value>The default value is <c>callcrm</c>. A lower-case identifier: letters, digits and underscores, starting with a letter or
    /// underscore, at most 63 characters.</value>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>Gets or sets how long one database command may run before it fails with the transient <c>TIMEOUT</c>.</summary>
    /// <value>The default value is 30 seconds. Whole seconds, from 1 second to 1 hour.</value>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long entries returned by <c>Outbox.PeekAsync</c> stay claimed by this instance: other instances skip
    /// them, and the later entries of their partitions, until the claim ends. Delivering, completing or recording a failure ends it
    /// sooner; a claim of an instance that died lapses after this time and another instance delivers the entries.</summary>
    /// <value>The default value is 5 minutes. Set it longer than a drain batch's delivery takes; instances' clocks must agree to well
    /// within it (the claim is measured on the <c>now</c> passed to <c>PeekAsync</c>).</value>
    public TimeSpan OutboxClaimDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how often a held stream lease checks its connection and its fencing token. When the check fails (the
    /// connection dropped, or another instance took the stream over), the lease's <c>LeaseLost</c> token is cancelled and the run ends.</summary>
    /// <value>The default value is 10 seconds. Commits are fenced whatever this is; it only bounds how long a holder that lost its lease
    /// goes on reading and sending before it notices.</value>
    public TimeSpan LeaseKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Returns the options without the connection string's secrets: host, port, database and schema.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"PostgreSqlStateStoreOptions {{ Target = {DescribeTarget(ConnectionString)}, Schema = {Schema}, CommandTimeout = {CommandTimeout} }}");

    /// <summary>Returns a copy, so that changes made to these options after the store is created do not reach it.</summary>
    internal PostgreSqlStateStoreOptions Clone() => (PostgreSqlStateStoreOptions)MemberwiseClone();

    /// <summary>Describes where a connection string points (host, port, database), never its credentials.</summary>
    internal static string DescribeTarget(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "(none)";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}/{builder.Database}");
        }
        catch (ArgumentException)
        {
            return "(invalid connection string)";
        }
    }
}
