using System.Collections.Generic;

namespace CallCrm.Connectors.Storage.PostgreSql.Schema;

/// <summary>
/// The store's schema as an ordered list of migrations. A shipped migration is never edited: a change to the schema is a new entry
/// at the end, so that a schema written by any earlier version of the package can be brought up to date.
/// </summary>
/// <remarks>
/// <para>The statements name tables without a schema: the store's connections have its schema as their search path.</para>
/// <para>Times are Unix nanoseconds in <c>bigint</c> columns (lossless, see <see cref="PostgreSqlValues"/>). A checkpoint's
/// watermark is whole seconds plus nanoseconds, which holds <c>Instant.MinValue</c> too, and its tie-break id is compared in the
/// <c>"C"</c> collation (byte order), as the engine compares it ordinally.</para>
/// </remarks>
internal static class PostgreSqlMigrations
{
    /// <summary>Gets the migrations, in version order.</summary>
    public static IReadOnlyList<PostgreSqlMigration> All { get; } =
    [
        new(1, "checkpoints, delivery ledger, outbox with claims, dead letters, tag history, audit log", V1),
        new(2, "outbox revisions", V2),
        new(3, "ledger: the delivered record's version (finality, source change time)", V3),
        new(4, "stream leases: fencing tokens", StreamLeases),
        new(5, "webhook replay store (accepted webhook events until their replay window ends)", WebhookReplays),
    ];

    // One row per stream that was ever leased: its epoch, raised by every acquisition, is the fencing token a commit made under the
    // lease must carry. The holder and time are for operators.
    private const string StreamLeases = """
        CREATE TABLE stream_leases (
            stream       text   NOT NULL PRIMARY KEY,
            epoch        bigint NOT NULL,
            holder       uuid   NOT NULL,
            acquired_at  bigint NOT NULL
        );
        """;

    // One row per accepted webhook event, shared by every instance; expires_at in Unix nanoseconds. Expired rows are reused by a
    // new registration of the same key and purged a bounded number at a time.
    private const string WebhookReplays = """
        CREATE TABLE webhook_replays (
            event_key   text   NOT NULL PRIMARY KEY,
            expires_at  bigint NOT NULL
        );
        CREATE INDEX webhook_replays_by_expiry ON webhook_replays (expires_at);
        """;

    // NULL in both: an entry written before versions were kept, which orders nothing. Adding nullable columns without a default
    // rewrites no rows and holds the table's lock only for the catalogue change.
    private const string V3 = """
        ALTER TABLE ledger ADD COLUMN record_final boolean NULL, ADD COLUMN record_updated_at bigint NULL;
        """;

    private const string V1 = """
        -- written_by: the store instance that wrote the checkpoint last. A commit of another instance may only move a watermark forward.
        CREATE TABLE checkpoints (
            stream             text    NOT NULL PRIMARY KEY,
            kind               text    NOT NULL CHECK (kind IN ('watermark', 'cursor')),
            contract_version   integer NOT NULL,
            watermark_seconds  bigint  NULL,
            watermark_nanos    integer NULL,
            tie_break_id       text    COLLATE "C" NULL,
            cursor             text    NULL,
            written_by         uuid    NOT NULL,
            CHECK ((kind = 'watermark' AND watermark_seconds IS NOT NULL AND watermark_nanos IS NOT NULL AND tie_break_id IS NOT NULL AND cursor IS NULL)
                OR (kind = 'cursor' AND cursor IS NOT NULL AND watermark_seconds IS NULL AND watermark_nanos IS NULL AND tie_break_id IS NULL))
        );

        CREATE TABLE ledger (
            stream        text     NOT NULL,
            key           text     NOT NULL,
            content_hash  text     NOT NULL,
            status        smallint NOT NULL,
            target_id     text     NULL,
            updated_at    bigint   NOT NULL,
            PRIMARY KEY (stream, key)
        );

        -- Identity: identifiers are never reused and increase with the order of first enqueue. Delivered entries are deleted, so
        -- every row is waiting and (stream, key) is unique among waiting entries. claimed_by/claimed_until: the instance that peeked
        -- the entry and is delivering it; other instances skip the entry and the later ones of its partition until the claim ends.
        CREATE TABLE outbox (
            id               bigint   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            stream           text     NOT NULL,
            key              text     NOT NULL,
            partition_key    text     NOT NULL,
            payload_type     text     NOT NULL,
            payload          bytea    NOT NULL,
            enqueued_at      bigint   NOT NULL,
            attempts         integer  NOT NULL DEFAULT 0,
            next_attempt_at  bigint   NULL,
            last_error_code  text     NULL,
            claimed_by       uuid     NULL,
            claimed_until    bigint   NULL,
            UNIQUE (stream, key)
        );
        CREATE INDEX outbox_by_stream ON outbox (stream, id);
        -- Only entries that failed or are claimed are indexed: the index serves the "an earlier entry of the partition is held"
        -- test of a peek, and plain appends do not pay for it.
        CREATE INDEX outbox_held ON outbox (stream, partition_key, id) WHERE next_attempt_at IS NOT NULL OR claimed_by IS NOT NULL;

        CREATE TABLE dead_letters (
            id            bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            stream        text    NOT NULL,
            key           text    NOT NULL,
            error_code    text    NOT NULL,
            reason        text    NOT NULL,
            payload_type  text    NOT NULL,
            payload       bytea   NOT NULL,
            failed_at     bigint  NOT NULL,
            attempts      integer NOT NULL
        );
        CREATE INDEX dead_letters_by_stream ON dead_letters (stream, id);
        CREATE INDEX dead_letters_by_failed_at ON dead_letters (failed_at);

        CREATE TABLE tag_versions (
            id             bigint   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            target         text     NOT NULL,
            customer_id    text     NOT NULL,
            version        bigint   NOT NULL,
            tags           text     NOT NULL,
            previous_tags  text     NOT NULL,
            changed_at     bigint   NOT NULL,
            origin         text     NOT NULL,
            run_id         text     NOT NULL,
            kind           smallint NOT NULL,
            UNIQUE (target, customer_id, version)
        );
        CREATE INDEX tag_versions_by_run ON tag_versions (run_id, id);

        CREATE TABLE audit_log (
            sequence       bigint NOT NULL PRIMARY KEY,
            recorded_at    bigint NOT NULL,
            content        text   NOT NULL,
            previous_hash  text   NOT NULL,
            hash           text   NOT NULL
        );
        CREATE INDEX audit_log_by_recorded_at ON audit_log (recorded_at);

        CREATE TABLE audit_values (
            name   text NOT NULL PRIMARY KEY,
            value  text NOT NULL
        );
        """;

    // revision: raised each time a message for a waiting key replaces the entry's payload; a completion deletes the entry only while
    // it holds the revision that was delivered. Entries waiting when the schema is upgraded start at revision 1.
    private const string V2 = """
        ALTER TABLE outbox ADD COLUMN revision bigint NOT NULL DEFAULT 1;
        """;
}
