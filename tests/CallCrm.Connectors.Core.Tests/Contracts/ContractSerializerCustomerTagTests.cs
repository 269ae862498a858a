using System.Text;
using CallCrm.Connectors.Contracts;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using NodaTime;

namespace CallCrm.Connectors.Core.Tests.Contracts;

public class ContractSerializerCustomerTagTests
{
    internal static CustomerTagUpdate Update() => new()
    {
        CustomerId = "crm-42",
        Version = 7,
        ChangedAt = Instant.FromUtc(2026, 11, 23, 14, 10, 0),
        PhoneNumbers = [new PhoneNumber("138 0013 8000", "+8613800138000")],
        Tags = [new CustomerTag("vip"), new CustomerTag("language", "zh-CN"), new CustomerTag("投诉风险", "高")],
    };

    [Test]
    public void SerializeCustomerTagUpdate_EmitsTheGoldenBytesWithChineseUnescaped()
    {
        GoldenFile.ShouldMatch(ContractSerializer.SerializeCustomerTagUpdate(Update()), "customer-tag-update.v1.json");
    }

    [Test]
    public void DeserializeCustomerTagUpdate_Golden_IsTheUpdate()
    {
        var update = ContractSerializer.DeserializeCustomerTagUpdate(GoldenFile.Read("customer-tag-update.v1.json"));

        update.Should().BeEquivalentTo(Update());
        update.Key.Should().Be("crm-42@7");
    }

    [Test]
    public void SerializeCustomerTagUpdate_EmptyTagSet_StaysAnExplicitEmptySet()
    {
        var cleared = Update() with { Tags = [], PhoneNumbers = [] };

        var bytes = ContractSerializer.SerializeCustomerTagUpdate(cleared);

        Encoding.UTF8.GetString(bytes).Should().Contain("\"tags\":[]").And.NotContain("phoneNumbers");
        ContractSerializer.DeserializeCustomerTagUpdate(bytes).Tags.Should().BeEmpty();
    }

    [Test]
    public void DeserializeCustomerTagUpdate_MissingTags_IsRefusedNotReadAsRemoveAll()
    {
        var act = () => ContractSerializer.DeserializeCustomerTagUpdate("""{"contractVersion":1,"customerId":"c","version":1}"""u8);

        act.Should().Throw<ConnectorException>().Which.Code.Should().Be(ConnectorErrorCode.InvalidRecord);
    }

    [Test]
    public void CustomerTags_Golden_RoundTripsInOrder()
    {
        CustomerTag[] tags = [new("vip"), new("language", "zh-CN")];

        GoldenFile.ShouldMatch(ContractSerializer.SerializeCustomerTags(tags), "customer-tag-set.v1.json");
        ContractSerializer.DeserializeCustomerTags(GoldenFile.Read("customer-tag-set.v1.json")).Should().Equal(tags);
    }

    [Test]
    public void DeserializeCustomerTags_FutureVersion_ThrowsUnsupportedContractVersion()
    {
        var act = () => ContractSerializer.DeserializeCustomerTags("""{"contractVersion":5,"tags":[]}"""u8);

        act.Should().Throw<ConnectorException>().Which.Code.Should().Be(ConnectorErrorCode.UnsupportedContractVersion);
    }
}
