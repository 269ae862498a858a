using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.PostgreSql.Serialization;
using Npgsql;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>Tag versions, UNIQUE (target, customer_id, version), with the tag lists as JSON text.</summary>
/// <remarks>The unique key is what keeps two instances from both taking a version: the second insert fails with
/// <see cref="Errors.ConnectorErrorCode.Conflict"/> and its whole transaction is rolled back.</remarks>
internal sealed class PostgreSqlTagHistoryStore : ITagHistoryStore
{
    private const string Columns = "target, customer_id, version, tags, previous_tags, changed_at, origin, run_id, kind";

    private const string Insert = """
        INSERT INTO tag_versions (target, customer_id, version, tags, previous_tags, changed_at, origin, run_id, kind)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);
        """;

    private readonly PostgreSqlDatabase _database;

    public PostgreSqlTagHistoryStore(PostgreSqlDatabase database) => _database = database;

    /// <remarks>A taken (target, customer, version) fails with a <see cref="Errors.ConnectorException"/> whose code is
    /// <see cref="Errors.ConnectorErrorCode.Conflict"/>.</remarks>
    public ValueTask AppendAsync(TagVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        return _database.WriteAsync(version, static (c, t, v, ct) => WriteAsync(c, t, [v], ct), cancellationToken);
    }

    public async ValueTask<TagVersion?> GetLatestAsync(string target, string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        var versions = await QueryAsync(
            $"SELECT {Columns} FROM tag_versions WHERE target = $1 AND customer_id = $2 ORDER BY version DESC LIMIT 1;",
            target,
            customerId,
            cancellationToken).ConfigureAwait(false);
        return versions.Count == 0 ? null : versions[0];
    }

    public async ValueTask<IReadOnlyList<TagVersion>> GetHistoryAsync(string target, string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        return await QueryAsync(
            $"SELECT {Columns} FROM tag_versions WHERE target = $1 AND customer_id = $2 ORDER BY version;",
            target,
            customerId,
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<TagVersion>> GetByRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);

        // The identity increases with every insert, so it is the order the versions were recorded in.
        return await _database.QueryAsync(
            $"SELECT {Columns} FROM tag_versions WHERE run_id = $1 ORDER BY id;",
            runId,
            static (parameters, runId) => parameters.AddValue(runId),
            static (reader, _) => ReadVersion(reader),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends versions in an open transaction; a taken version fails the whole transaction.</summary>
    internal static Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TagVersion> versions, CancellationToken cancellationToken) =>
        NpgsqlCommands.ExecuteForEachAsync(connection, transaction, Insert, versions, static (parameters, version) =>
        {
            parameters.AddValue(version.Target);
            parameters.AddValue(version.CustomerId);
            parameters.AddValue(version.Version);
            parameters.AddValue(JsonSerializer.Serialize(version.Tags, TagJsonContext.Default.IReadOnlyListCustomerTag));
            parameters.AddValue(JsonSerializer.Serialize(version.PreviousTags, TagJsonContext.Default.IReadOnlyListCustomerTag));
            parameters.AddValue(PostgreSqlValues.ToUnixNanoseconds(version.ChangedAt, nameof(TagVersion.ChangedAt)));
            parameters.AddValue(version.Origin);
            parameters.AddValue(version.RunId);
            parameters.AddValue((short)version.Kind);
        }, cancellationToken);

    private async ValueTask<List<TagVersion>> QueryAsync(string sql, string target, string customerId, CancellationToken cancellationToken) =>
        await _database.QueryAsync(
            sql,
            (target, customerId),
            static (parameters, s) =>
            {
                parameters.AddValue(s.target);
                parameters.AddValue(s.customerId);
            },
            static (reader, _) => ReadVersion(reader),
            cancellationToken).ConfigureAwait(false);

    private static TagVersion ReadVersion(NpgsqlDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetInt64(2),
            ReadTags(reader.GetString(3)),
            ReadTags(reader.GetString(4)),
            PostgreSqlValues.FromUnixNanoseconds(reader.GetInt64(5)),
            reader.GetString(6),
            reader.GetString(7),
            (TagChangeKind)reader.GetInt16(8));

    private static IReadOnlyList<CustomerTag> ReadTags(string json) =>
        JsonSerializer.Deserialize(json, TagJsonContext.Default.IReadOnlyListCustomerTag) ?? [];
}
