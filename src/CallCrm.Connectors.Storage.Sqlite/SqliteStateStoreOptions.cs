using System;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>Options of the <see cref="SqliteStateStore"/>.</summary>
/// <remarks>Set exactly one of <see cref="DataSource"/> and <see cref="ConnectionString"/>.</remarks>
public sealed class SqliteStateStoreOptions
{
    /// <summary>Gets or sets the path of the database file. It is created, with its folder, when missing.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? DataSource { get; set; }

    /// <summary>Gets or sets a full Microsoft.Data.Sqlite connection string, for settings <see cref="DataSource"/> cannot express
    /// (for example <c>Password</c> with SQLCipher). In-memory databases are refused: the store's state must survive the process.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets how long an operation waits for another writer (another instance or process on the same file) to release the
    /// database before it fails (<c>PRAGMA busy_timeout</c>).</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how hard a commit is flushed to disk (<c>PRAGMA synchronous</c>).</summary>
    /// <value>The default value is <see cref="SqliteSynchronousMode.Normal"/>.</value>
    public SqliteSynchronousMode SynchronousMode { get; set; } = SqliteSynchronousMode.Normal;

    /// <summary>Returns a copy, so that changes made to these options after the store is created do not reach it.</summary>
    internal SqliteStateStoreOptions Clone() => (SqliteStateStoreOptions)MemberwiseClone();
}
