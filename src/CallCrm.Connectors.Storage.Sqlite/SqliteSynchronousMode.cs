namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>How hard SQLite works to make a commit survive a power loss (<c>PRAGMA synchronous</c>).</summary>
/// <remarks>The values are SQLite's own numbers for the pragma. <c>OFF</c> is not offered: it can corrupt the file on a crash.</remarks>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// With the write-ahead log, a commit survives a crash of the process; after a power loss or an operating-system
    /// crash the last commits may be rolled back, but the file stays consistent. The fastest safe mode.
    /// </summary>
    Normal = 1,

    /// <summary>Every commit is flushed to disk before it completes, so it also survives a power loss. Slower per commit.</summary>
    Full = 2,
}
