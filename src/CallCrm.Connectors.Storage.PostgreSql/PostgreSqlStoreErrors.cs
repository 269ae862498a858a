using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CallCrm.Connectors.Errors;
using Npgsql;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>The store's failures in the SDK's error model.</summary>
internal static class PostgreSqlStoreErrors
{
    internal const string SystemName = "postgresql-state-store";

    public static ConnectorException SchemaTooNew(string target, string schema, int databaseVersion, int supportedVersion) =>
        Refuse(ConnectorErrorCode.InvalidConfiguration, string.Create(
            CultureInfo.InvariantCulture,
            $"The state store {target}, schema '{schema}', has schema version {databaseVersion}, written by a newer CallCrm.Connectors.Storage.PostgreSql; this version supports up to schema version {supportedVersion}. Upgrade the package, or use another schema. The database was left unchanged."));

    public static ConnectorException UnsupportedCheckpointVersion(string stream, long contractVersion) =>
        Refuse(ConnectorErrorCode.UnsupportedContractVersion, string.Create(
            CultureInfo.InvariantCulture,
            $"The checkpoint of stream '{stream}' has contract version {contractVersion}, which this version of the package cannot read."));

    public static ConnectorException AuditOutOfOrder(long sequence, long lastSequence) =>
        Refuse(ConnectorErrorCode.Conflict, string.Create(
            CultureInfo.InvariantCulture,
            $"Audit row {sequence} does not follow the chain's last row {lastSequence} (another instance appended first, or the rows are not in order); nothing was stored."));

    public static ConnectorException AuditChainBroken(long sequence) =>
        Refuse(ConnectorErrorCode.Conflict, string.Create(
            CultureInfo.InvariantCulture,
            $"Audit row {sequence} does not name the hash of the row before it as its previous hash (it was computed from a stale head); nothing was stored."));

    /// <summary>Translates the failures a caller can act on into <see cref="ConnectorException"/>s; others propagate as they are.</summary>
    /// <remarks>Messages carry PostgreSQL's message text and SQLSTATE, never its detail (which may quote key values) or the connection string.</remarks>
    public static bool TryTranslate(Exception exception, [NotNullWhen(true)] out ConnectorException? translated)
    {
        translated = exception switch
        {
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } ex =>
                Create(ConnectorErrorCode.Conflict, false, "The write conflicts with a stored row (a unique key is taken); nothing of it was stored.", ex),
            PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } ex =>
                Create(ConnectorErrorCode.Conflict, true, "The write collided with another instance's and was rolled back whole; retry it.", ex),
            PostgresException { SqlState: PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.LockNotAvailable } ex =>
                Create(ConnectorErrorCode.Timeout, true, "The database command ran longer than the command timeout, or waited too long for a lock.", ex),
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } ex =>
                Create(ConnectorErrorCode.AuthenticationFailed, false, "The PostgreSQL server refused the connection string's credentials.", ex),
            PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } ex =>
                Create(ConnectorErrorCode.PermissionDenied, false, "The database user lacks a privilege the store needs (CREATE on the database for the schema, or rights on its tables).", ex),
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } ex =>
                Create(ConnectorErrorCode.InvalidConfiguration, false, "The connection string's database does not exist.", ex),
            PostgresException { IsTransient: true } ex =>
                Create(ConnectorErrorCode.ServiceUnavailable, true, "The PostgreSQL server cannot serve the request now.", ex),
            NpgsqlException { InnerException: TimeoutException } ex =>
                Create(ConnectorErrorCode.Timeout, true, "The database command ran longer than the command timeout.", ex),
            NpgsqlException { IsTransient: true } ex =>
                Create(ConnectorErrorCode.Unreachable, true, "The PostgreSQL server could not be reached.", ex),
            _ => null,
        };
        return translated is not null;
    }

    private static ConnectorException Refuse(ConnectorErrorCode code, string detail) =>
        new(new ConnectorError { Code = code, SystemName = SystemName, TechnicalDetail = detail });

    private static ConnectorException Create(ConnectorErrorCode code, bool transient, string detail, NpgsqlException exception)
    {
        var reason = exception is PostgresException postgres ? $"{postgres.SqlState}: {postgres.MessageText}" : exception.Message;
        return new ConnectorException(
            new ConnectorError { Code = code, IsTransient = transient, SystemName = SystemName, TechnicalDetail = detail + " " + reason },
            exception);
    }
}
