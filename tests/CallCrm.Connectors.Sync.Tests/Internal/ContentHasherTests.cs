using CallCrm.Connectors.Model;
using CallCrm.Connectors.Sync.Internal;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.Internal;

public sealed class ContentHasherTests
{
    private static readonly CallRecord Full = Calls.Make(1) with
    {
        Direction = CallDirection.Inbound,
        From = new PhoneNumber("138 0013 0001", "+8613800130001", "12"),
        To = new PhoneNumber("021 0000 0000", "+862100000000", "7"),
        Agent = "agent-1",
        Queue = "sales",
        AnsweredAt = Calls.Epoch + Duration.FromSeconds(5),
        Duration = Duration.FromMinutes(2),
        Disposition = "resolved",
        RecordingUrl = new Uri("https://recordings.example/1"),
        CustomerReference = "cust-1",
        ParentSourceId = "call-000000",
        UpdatedAt = Calls.Epoch + Duration.FromMinutes(3),
        CustomFields = new Dictionary<string, string>(StringComparer.Ordinal) { ["tier"] = "gold", ["region"] = "east" },
    };

    /// <summary>One case per hashed field: changing that field alone must mean "changed, send again".</summary>
    private static IEnumerable<TestCaseData> EveryHashedField()
    {
        yield return Case("SourceSystem", r => r with { SourceSystem = "other-calls" });
        yield return Case("SourceId", r => r with { SourceId = "call-999999" });
        yield return Case("Direction", r => r with { Direction = CallDirection.Outbound });
        yield return Case("From.Raw", r => r with { From = r.From with { Raw = "138 0013 0002" } });
        yield return Case("From.E164", r => r with { From = r.From with { E164 = "+8613800130002" } });
        yield return Case("From.Extension", r => r with { From = r.From with { Extension = "13" } });
        yield return Case("To.Raw", r => r with { To = r.To with { Raw = "021 0000 0001" } });
        yield return Case("To.E164", r => r with { To = r.To with { E164 = "+862100000001" } });
        yield return Case("To.Extension", r => r with { To = r.To with { Extension = "8" } });
        yield return Case("Agent", r => r with { Agent = "agent-2" });
        yield return Case("Queue", r => r with { Queue = "support" });
        yield return Case("StartedAt", r => r with { StartedAt = r.StartedAt + Duration.FromSeconds(1) });
        yield return Case("AnsweredAt", r => r with { AnsweredAt = r.AnsweredAt!.Value + Duration.FromSeconds(1) });
        yield return Case("AnsweredAt (none)", r => r with { AnsweredAt = null });
        yield return Case("EndedAt", r => r with { EndedAt = r.EndedAt!.Value + Duration.FromSeconds(1) });
        yield return Case("EndedAt (none)", r => r with { EndedAt = null });
        yield return Case("Duration", r => r with { Duration = Duration.FromMinutes(3) });
        yield return Case("Duration (none)", r => r with { Duration = null });
        yield return Case("Status", r => r with { Status = CallStatus.NoAnswer });
        yield return Case("Disposition", r => r with { Disposition = "callback" });
        yield return Case("RecordingUrl", r => r with { RecordingUrl = new Uri("https://recordings.example/2") });
        yield return Case("CustomerReference", r => r with { CustomerReference = "cust-2" });
        yield return Case("ParentSourceId", r => r with { ParentSourceId = "call-000002" });
        yield return Case("IsFinal", r => r with { IsFinal = false });
        yield return Case("CustomFields (value)", r => r with { CustomFields = new Dictionary<string, string>(StringComparer.Ordinal) { ["tier"] = "silver", ["region"] = "east" } });
        yield return Case("CustomFields (key)", r => r with { CustomFields = new Dictionary<string, string>(StringComparer.Ordinal) { ["level"] = "gold", ["region"] = "east" } });
        yield return Case("CustomFields (one more)", r => r with { CustomFields = new Dictionary<string, string>(StringComparer.Ordinal) { ["tier"] = "gold", ["region"] = "east", ["vip"] = "yes" } });
        yield return Case("CustomFields (none)", r => r with { CustomFields = new Dictionary<string, string>(StringComparer.Ordinal) });

        static TestCaseData Case(string field, Func<CallRecord, CallRecord> change) =>
            new TestCaseData(change).SetName("Hash_" + field.Replace(' ', '_').Replace("(", string.Empty, StringComparison.Ordinal).Replace(")", string.Empty, StringComparison.Ordinal) + "Changed_IsChangedSendAgain");
    }

    [TestCaseSource(nameof(EveryHashedField))]
    public void Hash_OneFieldChanged_IsChanged(Func<CallRecord, CallRecord> change) =>
        ContentHasher.Hash(change(Full)).Should().NotBe(ContentHasher.Hash(Full));

    [Test]
    public void Hash_SameContent_IsTheSameAndIs128BitsOfLowerHex()
    {
        var hash = ContentHasher.Hash(Full);

        ContentHasher.Hash(Full with { }).Should().Be(hash);
        hash.Should().MatchRegex("^[0-9a-f]{32}$");
    }

    [Test]
    public void Hash_OnlyUpdatedAtChanged_IsUnchanged() =>
        ContentHasher.Hash(Full with { UpdatedAt = Full.UpdatedAt!.Value + Duration.FromHours(1) }).Should().Be(ContentHasher.Hash(Full));

    [Test]
    public void Hash_CustomFieldsInAnotherInsertionOrder_IsUnchanged()
    {
        var reordered = Full with { CustomFields = new Dictionary<string, string>(StringComparer.Ordinal) { ["region"] = "east", ["tier"] = "gold" } };

        ContentHasher.Hash(reordered).Should().Be(ContentHasher.Hash(Full));
    }

    [Test]
    public void Hash_CharacterMovedToTheNextField_IsChanged() =>
        ContentHasher.Hash(Full with { Agent = "ab", Queue = "c" }).Should().NotBe(ContentHasher.Hash(Full with { Agent = "a", Queue = "bc" }));

    [Test]
    public void Hash_NullAndEmptyText_AreDifferent() =>
        ContentHasher.Hash(Full with { Agent = null }).Should().NotBe(ContentHasher.Hash(Full with { Agent = string.Empty }));

    [Test]
    public void Hash_TagsInAnotherOrderOrCase_IsUnchanged()
    {
        CustomerTag[] tags = [new("Vip", "yes"), new("Segment", "smb")];

        ContentHasher.Hash([tags[1], tags[0] with { Name = "VIP" }]).Should().Be(ContentHasher.Hash(tags));
        ContentHasher.Hash(tags).Should().MatchRegex("^[0-9a-f]{32}$");
    }

    [TestCase("Vip", "no", TestName = "Hash_TagValueChanged_IsChanged")]
    [TestCase("Tier", "yes", TestName = "Hash_TagNameChanged_IsChanged")]
    public void Hash_TagChanged_IsChanged(string name, string value) =>
        ContentHasher.Hash([new CustomerTag(name, value)]).Should().NotBe(ContentHasher.Hash([new CustomerTag("Vip", "yes")]));

    [Test]
    public void Hash_TagAdded_IsChanged() =>
        ContentHasher.Hash([new CustomerTag("Vip", "yes"), new CustomerTag("Tier", "gold")]).Should().NotBe(ContentHasher.Hash([new CustomerTag("Vip", "yes")]));
}
