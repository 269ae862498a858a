// Commits to a state store in a loop until it is killed, printing "committed N" after each commit has completed.
// Usage: CallCrm.Connectors.Storage.Sqlite.CrashHelper <database file>
// Commit N holds RecordsPerCommit ledger entries and outbox messages keyed "N-i", one dead letter and the checkpoint
// cursor "N", so that a reader of the file can tell whole commits from partial ones.
using System.Globalization;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite;
using NodaTime;

const int RecordsPerCommit = 50;
const string Stream = "calls";

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: CallCrm.Connectors.Storage.Sqlite.CrashHelper <database file>");
    return 2;
}

var at = Instant.FromUtc(2026, 11, 23, 14, 5);
var payload = new byte[512];
await using var store = new SqliteStateStore(new SqliteStateStoreOptions { DataSource = args[0] });
await store.InitializeAsync();
for (var commit = 1; ; commit++)
{
    var n = commit.ToString(CultureInfo.InvariantCulture);
    var ledger = new LedgerEntry[RecordsPerCommit];
    var outbox = new OutboxMessage[RecordsPerCommit];
    for (var i = 0; i < RecordsPerCommit; i++)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{commit}-{i}");
        ledger[i] = new LedgerEntry(Stream, key, "hash", DeliveryStatus.Delivered, null, at);
        outbox[i] = new OutboxMessage(Stream, key, "p", "call-record", payload, at);
    }

    await store.CommitAsync(new StateCommit(Stream)
    {
        LedgerEntries = ledger,
        OutboxMessages = outbox,
        DeadLetters = [new DeadLetterMessage(Stream, n, "INVALID_RECORD", "test", "call-record", payload, at, 1)],
        Checkpoint = new CursorCheckpoint(n),
    });
    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"committed {commit}"));
    Console.Out.Flush();
}
