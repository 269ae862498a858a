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
    [TestCase("SourceSystem")]
    [TestCase("SourceId")]
    [TestCase("Direction")]
    [TestCase("From.Raw")]
    [TestCase("From.E164")]
    [TestCase("From.Extension")]
    [TestCase("To.Raw")]
    [TestCase("To.E164")]
    [TestCase("To.Extension")]
    [TestCase("Agent")]
    [TestCase("Queue")]
    [TestCase("StartedAt")]
    [TestCase("AnsweredAt")]
    [TestCase("AnsweredAt=null")]
    [TestCase("EndedAt")]
    [TestCase("EndedAt=null")]
    [TestCase("Duration")]
    [TestCase("Duration=null")]
    [TestCase("Status")]
    [TestCase("Disposition")]
    [TestCase("RecordingUrl")]
    [TestCase("CustomerReference")]
    [TestCase("ParentSourceId")]
    [TestCase("IsFinal")]
    [TestCase("CustomFields.Value")]
    [TestCase("CustomFields.Key")]
    [TestCase("CustomFields.Count")]
    [TestCase("CustomFields=empty")]
    public void Hash_OneFieldChanged_IsChangedSendAgain(string field) =>
        ContentHasher.Hash(Change(Full, field)).Should().NotBe(ContentHasher.Hash(Full));

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

    [TestCase("Vip", "no")]
    [TestCase("Tier", "yes")]
    public void Hash_TagChanged_IsChanged(string name, string value) =>
        ContentHasher.Hash([new CustomerTag(name, value)]).Should().NotBe(ContentHasher.Hash([new CustomerTag("Vip", "yes")]));

    [Test]
    public void Hash_TagAdded_IsChanged() =>
        ContentHasher.Hash([new CustomerTag("Vip", "yes"), new CustomerTag("Tier", "gold")]).Should().NotBe(ContentHasher.Hash([new CustomerTag("Vip", "yes")]));

    private static CallRecord Change(CallRecord r, string field) => field switch
    {
        "SourceSystem" => r with { SourceSystem = "other-calls" },
        "SourceId" => r with { SourceId = "call-999999" },
        "Direction" => r with { Direction = CallDirection.Outbound },
        "From.Raw" => r with { From = r.From with { Raw = "138 0013 0002" } },
        "From.E164" => r with { From = r.From with { E164 = "+8613800130002" } },
        "From.Extension" => r with { From = r.From with { Extension = "13" } },
        "To.Raw" => r with { To = r.To with { Raw = "021 0000 0001" } },
        "To.E164" => r with { To = r.To with { E164 = "+862100000001" } },
        "To.Extension" => r with { To = r.To with { Extension = "8" } },
        "Agent" => r with { Agent = "agent-2" },
        "Queue" => r with { Queue = "support" },
        "StartedAt" => r with { StartedAt = r.StartedAt + Duration.FromSeconds(1) },
        "AnsweredAt" => r with { AnsweredAt = r.AnsweredAt!.Value + Duration.FromSeconds(1) },
        "AnsweredAt=null" => r with { AnsweredAt = null },
        "EndedAt" => r with { EndedAt = r.EndedAt!.Value + Duration.FromSeconds(1) },
        "EndedAt=null" => r with { EndedAt = null },
        "Duration" => r with { Duration = Duration.FromMinutes(3) },
        "Duration=null" => r with { Duration = null },
        "Status" => r with { Status = CallStatus.NoAnswer },
        "Disposition" => r with { Disposition = "callback" },
        "RecordingUrl" => r with { RecordingUrl = new Uri("https://recordings.example/2") },
        "CustomerReference" => r with { CustomerReference = "cust-2" },
        "ParentSourceId" => r with { ParentSourceId = "call-000002" },
        "IsFinal" => r with { IsFinal = false },
        "CustomFields.Value" => r with { CustomFields = new Dictionary<string, string>(StringComparer.Ordinal) { ["tier"] = "silver", ["region"] = "east" } },
        "CustomFields.Key" => r with { CustomFields = new Dictionary<string, string>(StringComparer.Ordinal) { ["level"] = "gold", ["region"] = "east" } },
        "CustomFields.Count" => r with { CustomFields = new Dictionary<string, string>(StringComparer.Ordinal) { ["tier"] = "gold", ["region"] = "east", ["vip"] = "yes" } },
        "CustomFields=empty" => r with { CustomFields = new Dictionary<string, string>(StringComparer.Ordinal) },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "no such field"),
    };
}
