using System.Collections.Generic;

namespace CallCrm.Connectors.Storage.Sqlite.Schema;

/// <summary>
/// The store's schema as an ordered list of migrations. A shipped migration is never edited: a change to the schema
/// is a new entry at the end, so that a file written by any earlier version of the package can be brought up to date.
/// </summary>
/// <remarks>
/// <para>Times the store compares in SQL (due outbox entries, purges, retention) are stored as Unix nanoseconds in
/// INTEGER columns. A checkpoint's timestamp is stored as ISO-8601 text instead: a watermark may sit at
/// <c>Instant.MinValue</c> (<c>WatermarkCheckpoint.Start</c>), which nanoseconds in 64 bits cannot hold, and it is only
/// ever read back, never compared in SQL.</para>
/// <para>Tables are STRICT so a value of the wrong type is refused instead of silently stored.</para>
/// </remarks>
internal static class SqliteMigrations
{
    /// <summary>Gets the migrations, in version order.</summary>
    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        new(1, "checkpoints, delivery ledger, outbox, dead letters, tag history, audit log", V1),
        new(2, "outbox revisions", V2),
        new(3, "ledger: the delivered record's version (finality, source change time)", V3),
        new(4, "stream leases: fencing tokens", StreamLeases),
        new(5, "webhook replay store (accepted webhook events until their replay window ends)", WebhookReplays),
    ];

    // One row per stream that was ever leased: its epoch, raised by every acquisition, is the fencing token a commit made under the
    // lease must carry.
    private const string StreamLeases = """
        CREATE TABLE stream_leases (
            stream  TEXT    NOT NULL PRIMARY KEY,
            epoch   INTEGER NOT NULL
        ) STRICT;
        """;

    // One row per accepted webhook event; expires_at in Unix nanoseconds. Expired rows are reused by a new registration of
    // the same key and purged a bounded number at a time.
    private const string WebhookReplays = """
        CREATE TABLE webhook_replays (
            event_key   TEXT    NOT NULL PRIMARY KEY,
            expires_at  INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX webhook_replays_by_expiry ON webhook_replays (expires_at);
        """;

    // NULL in both: an entry written before versions were kept, which orders nothing.
    private const string V3 = """
        ALTER TABLE ledger ADD COLUMN record_final INTEGER NULL CHECK (record_final IN (0, 1));
        ALTER TABLE ledger ADD COLUMN record_updated_at INTEGER NULL;
        """;

    private const string V1 = """
        CREATE TABLE checkpoints (
            stream            TEXT    NOT NULL PRIMARY KEY,
            kind              TEXT    NOT NULL CHECK (kind IN ('watermark', 'cursor')),
            contract_version  INTEGER NOT NULL,
            watermark_at      TEXT    NULL,
            tie_break_id      TEXT    NULL,
            cursor            TEXT    NULL,
            CHECK ((kind = 'watermark' AND watermark_at IS NOT NULL AND tie_break_id IS NOT NULL AND cursor IS NULL)
                OR (kind = 'cursor' AND cursor IS NOT NULL AND watermark_at IS NULL AND tie_break_id IS NULL))
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE ledger (
            stream        TEXT    NOT NULL,
            key           TEXT    NOT NULL,
            content_hash  TEXT    NOT NULL,
            status        INTEGER NOT NULL,
            target_id     TEXT    NULL,
            updated_at    INTEGER NOT NULL,
            PRIMARY KEY (stream, key)
        ) STRICT, WITHOUT ROWID;

        -- AUTOINCREMENT: identifiers are never reused, so an identifier always means the same entry (order of first enqueue).
        -- Delivered entries are deleted, so every row is waiting and (stream, key) is unique among waiting entries.
        CREATE TABLE outbox (
            id               INTEGER PRIMARY KEY AUTOINCREMENT,
            stream           TEXT    NOT NULL,
            key              TEXT    NOT NULL,
            partition_key    TEXT    NOT NULL,
            payload_type     TEXT    NOT NULL,
            payload          BLOB    NOT NULL,
            enqueued_at      INTEGER NOT NULL,
            attempts         INTEGER NOT NULL DEFAULT 0,
            next_attempt_at  INTEGER NULL,
            last_error_code  TEXT    NULL,
            UNIQUE (stream, key)
        ) STRICT;
        CREATE INDEX outbox_by_stream ON outbox (stream, id);
        -- Only entries that failed are indexed: the index serves the "earlier entry of the partition backed off" test of a
        -- peek, and appends (which never have a next attempt) do not pay for it.
        CREATE INDEX outbox_backed_off ON outbox (stream, partition_key, id) WHERE next_attempt_at IS NOT NULL;

        -- AUTOINCREMENT: an operator's "remove 42" must never hit a later dead letter that reused the identifier of a purged one.
        CREATE TABLE dead_letters (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            stream        TEXT    NOT NULL,
            key           TEXT    NOT NULL,
            error_code    TEXT    NOT NULL,
            reason        TEXT    NOT NULL,
            payload_type  TEXT    NOT NULL,
            payload       BLOB    NOT NULL,
            failed_at     INTEGER NOT NULL,
            attempts      INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX dead_letters_by_stream ON dead_letters (stream, id);
        CREATE INDEX dead_letters_by_failed_at ON dead_letters (failed_at);

        CREATE TABLE tag_versions (
            id             INTEGER PRIMARY KEY,
            target         TEXT    NOT NULL,
            customer_id    TEXT    NOT NULL,
            version        INTEGER NOT NULL,
            tags           TEXT    NOT NULL,
            previous_tags  TEXT    NOT NULL,
            changed_at     INTEGER NOT NULL,
            origin         TEXT    NOT NULL,
            run_id         TEXT    NOT NULL,
            kind           INTEGER NOT NULL,
            UNIQUE (target, customer_id, version)
        ) STRICT;
        CREATE INDEX tag_versions_by_run ON tag_versions (run_id, id);

        CREATE TABLE audit_log (
            sequence       INTEGER NOT NULL PRIMARY KEY,
            recorded_at    INTEGER NOT NULL,
            content        TEXT    NOT NULL,
            previous_hash  TEXT    NOT NULL,
            hash           TEXT    NOT NULL
        ) STRICT;
        CREATE INDEX audit_log_by_recorded_at ON audit_log (recorded_at);

        CREATE TABLE audit_values (
            name   TEXT NOT NULL PRIMARY KEY,
            value  TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        """;

    // revision: raised each time a message for a waiting key replaces the entry's payload; a completion deletes the entry only while
    // it holds the revision that was delivered. Entries waiting when the database is upgraded start at revision 1.
    private const string V2 = """
        ALTER TABLE outbox ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
        """;
}
