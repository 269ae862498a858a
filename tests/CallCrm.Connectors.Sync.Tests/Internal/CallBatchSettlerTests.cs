using System.Security.Cryptography;
using System.Text;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.Internal;

/// <summary>The settler's phases seen from a stream: what the outbox, the ledger and the dead letters receive.</summary>
public sealed class CallBatchSettlerTests : EngineTestBase
{
    // The first 12 bytes of SHA-256 over the number's UTF-8, in lower-case hex: the outbox keeps no phone number in clear.
    private const string E164Hash = "0da9eec56cd78d5a030f364a";
    private const string RawHash = "a833579fd6095c6a6ae2a537";

    private InMemoryCallSource _source = null!;
    private RecordingCrmSink _sink = null!;

    [SetUp]
    public void SetUpProviders()
    {
        _source = new InMemoryCallSource();
        _sink = new RecordingCrmSink();
    }

    [TestCase("customer", "customer:cust-1")]
    [TestCase("no customer, E164", "tel:" + E164Hash)]
    [TestCase("no customer, raw number only", "tel:" + RawHash)]
    [TestCase("no customer, no number", "key:memory-calls:call-000001")]
    [TestCase("configured", "mine-call-000001")]
    public async Task Buffer_SinkDown_PartitionKeyIs(string @case, string expected)
    {
        var record = Calls.Make(1);
        record.Key.Should().Be("memory-calls:call-000001");
        Func<CallRecord, string>? partitionKey = null;
        record = @case switch
        {
            "customer" => record with { CustomerReference = "cust-1" },
            "no customer, E164" => record with { CustomerReference = string.Empty, From = new PhoneNumber("138 0013 0001", "+8613800130001") },
            "no customer, raw number only" => record with { From = new PhoneNumber("138 0013 0001") },
            "no customer, no number" => record with { From = PhoneNumber.Empty },
            _ => record with { CustomerReference = "cust-1" },
        };
        if (@case == "configured")
        {
            partitionKey = r => "mine-" + r.SourceId;
        }

        _source.Put(record);
        _sink.Down = true;
        var stream = NewStream(partitionKey);

        var report = await stream.RunOnceAsync();

        report.Buffered.Should().Be(1);
        (await WaitingAsync()).Single().Message.PartitionKey.Should().Be(expected);
        Hashed("+8613800130001").Should().Be(E164Hash);
        Hashed("138 0013 0001").Should().Be(RawHash);
    }

    [Test]
    public async Task Drain_SinkStillDown_RecordsTheSinksErrorCodeOnTheWaitingEntry()
    {
        _source.Put(Calls.Make(1));
        _sink.Down = true;
        var stream = NewStream();
        await stream.RunOnceAsync();

        (await stream.DrainOutboxAsync()).Should().BeFalse();

        var entry = (await WaitingAsync()).Single();
        entry.Attempts.Should().BePositive();
        entry.LastErrorCode.Should().NotBeNull().And.NotBe("UNAVAILABLE", "the sink's own reason is kept, not the generic one");
    }

    [Test]
    public async Task Run_SinkAnswersUnchanged_CountsUnchangedAndDeliveredWithoutAudit()
    {
        var record = Calls.Make(1);
        _source.Put(record);
        _sink.Answer = r => RecordOutcome.Unchanged(r.Key, "crm-existing");
        var stream = NewStream();

        var report = await stream.RunOnceAsync();

        (report.Written, report.Unchanged).Should().Be((0, 1));
        var entry = (await Store.Ledger.GetAsync("calls", [record.Key]))[record.Key];
        (entry.Status, entry.TargetId).Should().Be((DeliveryStatus.Delivered, "crm-existing"));
    }

    [Test]
    public async Task Run_SinkRefusesWithoutSayingWhy_DeadLettersWithCodeUnknown()
    {
        var record = Calls.Make(1);
        _source.Put(record);
        _sink.Answer = r => new RecordOutcome(r.Key, RecordOutcomeKind.PermanentFailure);
        var stream = NewStream();

        var report = await stream.RunOnceAsync();

        report.DeadLettered.Should().Be(1);
        var dead = (await Store.DeadLetters.ListAsync(new DeadLetterQuery("calls"))).Single();
        (dead.Message.ErrorCode, dead.Message.Reason).Should().Be((ConnectorErrorCode.Unknown.Value, ConnectorErrorCode.Unknown.Value), "with no detail the code is the reason");
        dead.Message.Attempts.Should().Be(1);
        (await Store.Ledger.GetAsync("calls", [record.Key]))[record.Key].Status.Should().Be(DeliveryStatus.DeadLettered);
    }

    [Test]
    public async Task Run_TransformRefusesARecord_DeadLettersTheOriginalWithoutLedgerEntry()
    {
        var record = Calls.Make(1);
        _source.PutRange([record, Calls.Make(2)]);
        var stream = NewStream(transforms: [new Refuse(record.Key)]);

        var report = await stream.RunOnceAsync();

        (report.Written, report.DeadLettered).Should().Be((1, 1));
        var dead = (await Store.DeadLetters.ListAsync(new DeadLetterQuery("calls"))).Single();
        (dead.Message.Key, dead.Message.ErrorCode, dead.Message.Reason, dead.Message.Attempts).Should().Be((record.Key, "REFUSED", "refused by rule", 0));
        (await Store.Ledger.GetAsync("calls", [record.Key])).Should().BeEmpty("nothing was sent: its content is not known to the sink");
    }

    [Test]
    public async Task Run_TransformFailsTransiently_RunThrowsInsteadOfDeadLettering()
    {
        _source.Put(Calls.Make(1));
        var stream = NewStream(transforms: [new Refuse(Calls.Make(1).Key, transient: true)]);

        var act = () => stream.RunOnceAsync();

        await act.Should().ThrowAsync<ConnectorException>();
        (await Store.DeadLetters.CountAsync("calls")).Should().Be(0);
    }

    [Test]
    public async Task Run_NothingToSend_DoesNotCallTheSink()
    {
        _source.Put(Calls.Make(1));
        var stream = NewStream(configure: o => o.LookBack = TimeSpan.FromHours(1));
        await stream.RunOnceAsync();
        var calls = _sink.Calls;

        var report = await stream.RunOnceAsync();

        report.Unchanged.Should().Be(1, "the look-back re-read the record");
        _sink.Calls.Should().Be(calls);
    }

    [Test]
    public async Task Run_PendingEntryLeftByACrashForASinkWithoutUpsert_DeadLettersItAsUncertain()
    {
        var record = Calls.Make(1);
        _source.Put(record);
        _sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 100, MaxConcurrency = 4, SupportsUpsertByExternalId = false } };
        await Store.CommitAsync(new StateCommit("calls")
        {
            LedgerEntries = [new LedgerEntry("calls", record.Key, CallCrm.Connectors.Sync.Internal.ContentHasher.Hash(record), DeliveryStatus.Pending, null, Calls.Epoch)],
        });
        var stream = NewStream();

        var report = await stream.RunOnceAsync();

        report.DeadLettered.Should().Be(1);
        _sink.Calls.Should().Be(0, "the record may already be in the CRM: it is not sent again");
        var dead = (await Store.DeadLetters.ListAsync(new DeadLetterQuery("calls"))).Single();
        dead.Message.ErrorCode.Should().Be("DELIVERY_UNCERTAIN");
        dead.Message.Reason.Should().Contain("may or may not hold the record");
    }

    private CallLogSync NewStream(Func<CallRecord, string>? partitionKey = null, Action<SyncOptions>? configure = null, IReadOnlyList<IRecordTransform<CallRecord>>? transforms = null) =>
        NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", _source, _sink)
        {
            Options = FastOptions(configure),
            PartitionKey = partitionKey,
            Transforms = transforms ?? [],
        });

    private async Task<IReadOnlyList<OutboxEntry>> WaitingAsync() =>
        await Store.Outbox.PeekAsync("calls", 10, Instant.FromDateTimeOffset(Time.GetUtcNow()) + Duration.FromDays(365));

    private static string Hashed(string number) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(number)).AsSpan(0, 12));

    private sealed class Refuse(string key, bool transient = false) : IRecordTransform<CallRecord>
    {
        public CallRecord Transform(CallRecord record) => record.Key == key
            ? throw new ConnectorException(new ConnectorError { Code = new ConnectorErrorCode("REFUSED"), IsTransient = transient, TechnicalDetail = "refused by rule" })
            : record;
    }
}
