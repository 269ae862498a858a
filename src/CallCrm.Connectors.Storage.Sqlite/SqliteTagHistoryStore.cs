using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>Tag versions, UNIQUE (target, customer_id, version), with the tag lists as JSON text.</summary>
internal sealed class SqliteTagHistoryStore : ITagHistoryStore
{
    private const string Columns = "target, customer_id, version, tags, previous_tags, changed_at, origin, run_id, kind";

    private static readonly SqlStatement Insert = new(
        """
        INSERT INTO tag_versions (target, customer_id, version, tags, previous_tags, changed_at, origin, run_id, kind)
        VALUES ($target, $customer_id, $version, $tags, $previous_tags, $changed_at, $origin, $run_id, $kind);
        """,
        "$target", "$customer_id", "$version", "$tags", "$previous_tags", "$changed_at", "$origin", "$run_id", "$kind");

    private readonly SqliteDatabase _database;

    public SqliteTagHistoryStore(SqliteDatabase database) => _database = database;

    /// <remarks>A taken (target, customer, version) fails with a <see cref="Errors.ConnectorException"/> whose code is
    /// <see cref="Errors.ConnectorErrorCode.Conflict"/>.</remarks>
    public ValueTask AppendAsync(TagVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        return _database.WriteAsync(version, static (batch, v) => Write(batch, [v]), cancellationToken);
    }

    public async ValueTask<TagVersion?> GetLatestAsync(string target, string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        var versions = await QueryAsync(
            $"SELECT {Columns} FROM tag_versions WHERE target = $target AND customer_id = $customer_id ORDER BY version DESC LIMIT 1;",
            target,
            customerId,
            cancellationToken).ConfigureAwait(false);
        return versions.Count == 0 ? null : versions[0];
    }

    public ValueTask<IReadOnlyList<TagVersion>> GetHistoryAsync(string target, string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        return QueryAsync(
            $"SELECT {Columns} FROM tag_versions WHERE target = $target AND customer_id = $customer_id ORDER BY version;",
            target,
            customerId,
            cancellationToken);
    }

    public ValueTask<IReadOnlyList<TagVersion>> GetByRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);

        // The row identifier increases with every insert, so it is the order the versions were recorded in.
        return _database.ReadAsync(
            $"SELECT {Columns} FROM tag_versions WHERE run_id = $run_id ORDER BY id;",
            runId,
            static (parameters, runId) => parameters.AddWithValue("$run_id", runId),
            static (reader, _) => (IReadOnlyList<TagVersion>)ReadVersions(reader),
            cancellationToken);
    }

    /// <summary>Appends versions in an open transaction; a taken version fails the whole transaction.</summary>
    internal static void Write(SqliteWriteBatch batch, IReadOnlyList<TagVersion> versions) =>
        batch.ExecuteForEach(Insert, versions, static (parameters, version) =>
        {
            parameters["$target"].Value = version.Target;
            parameters["$customer_id"].Value = version.CustomerId;
            parameters["$version"].Value = version.Version;
            parameters["$tags"].Value = JsonSerializer.Serialize(version.Tags, StateJsonContext.Default.IReadOnlyListCustomerTag);
            parameters["$previous_tags"].Value = JsonSerializer.Serialize(version.PreviousTags, StateJsonContext.Default.IReadOnlyListCustomerTag);
            parameters["$changed_at"].Value = SqliteValues.ToUnixNanoseconds(version.ChangedAt, nameof(TagVersion.ChangedAt));
            parameters["$origin"].Value = version.Origin;
            parameters["$run_id"].Value = version.RunId;
            parameters["$kind"].Value = (int)version.Kind;
        });

    private ValueTask<IReadOnlyList<TagVersion>> QueryAsync(string sql, string target, string customerId, CancellationToken cancellationToken) =>
        _database.ReadAsync(
            sql,
            (target, customerId),
            static (parameters, s) =>
            {
                parameters.AddWithValue("$target", s.target);
                parameters.AddWithValue("$customer_id", s.customerId);
            },
            static (reader, _) => (IReadOnlyList<TagVersion>)ReadVersions(reader),
            cancellationToken);

    private static List<TagVersion> ReadVersions(SqliteDataReader reader)
    {
        var versions = new List<TagVersion>();
        while (reader.Read())
        {
            versions.Add(new TagVersion(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt64(2),
                ReadTags(reader.GetString(3)),
                ReadTags(reader.GetString(4)),
                SqliteValues.FromUnixNanoseconds(reader.GetInt64(5)),
                reader.GetString(6),
                reader.GetString(7),
                (TagChangeKind)reader.GetInt32(8)));
        }

        return versions;
    }

    private static IReadOnlyList<CustomerTag> ReadTags(string json) =>
        JsonSerializer.Deserialize(json, StateJsonContext.Default.IReadOnlyListCustomerTag) ?? [];
}
