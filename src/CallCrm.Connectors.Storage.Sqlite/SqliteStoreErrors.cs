using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CallCrm.Connectors.Errors;
using Microsoft.Data.Sqlite;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>The store's failures in the SDK's error model.</summary>
internal static class SqliteStoreErrors
{
    internal const string SystemName = "sqlite-state-store";

    // SQLite result codes (https://sqlite.org/rescode.html).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public static ConnectorException SchemaTooNew(string dataSource, int fileVersion, int supportedVersion) =>
        new(new ConnectorError
        {
            Code = ConnectorErrorCode.InvalidConfiguration,
            SystemName = SystemName,
            TechnicalDetail = string.Create(
                CultureInfo.InvariantCulture,
                $"The state store '{dataSource}' has schema version {fileVersion}, written by a newer CallCrm.Connectors.Storage.Sqlite; this version supports up to schema version {supportedVersion}. Upgrade the package, or point the store at another file. The file was left unchanged."),
        });

    public static ConnectorException UnsupportedCheckpointVersion(string stream, long contractVersion) =>
        new(new ConnectorError
        {
            Code = ConnectorErrorCode.UnsupportedContractVersion,
            SystemName = SystemName,
            TechnicalDetail = string.Create(
                CultureInfo.InvariantCulture,
                $"The checkpoint of stream '{stream}' has contract version {contractVersion}, which this version of the package cannot read."),
        });

    /// <summary>Translates the SQLite failures a caller can act on; the others (I/O errors, a corrupt file) propagate as they are.</summary>
    public static bool TryTranslate(SqliteException exception, [NotNullWhen(true)] out ConnectorException? translated)
    {
        translated = exception.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey
            ? new ConnectorException(
                new ConnectorError
                {
                    Code = ConnectorErrorCode.Conflict,
                    SystemName = SystemName,
                    TechnicalDetail = "The write conflicts with a stored row (a unique key is taken); nothing of it was stored. " + exception.Message,
                },
                exception)
            : exception.SqliteErrorCode is SqliteBusy or SqliteLocked
                ? new ConnectorException(
                    new ConnectorError
                    {
                        Code = ConnectorErrorCode.Timeout,
                        IsTransient = true,
                        SystemName = SystemName,
                        TechnicalDetail = "The state store's file stayed locked by another writer for longer than the busy timeout. " + exception.Message,
                    },
                    exception)
                : null;
        return translated is not null;
    }
}
