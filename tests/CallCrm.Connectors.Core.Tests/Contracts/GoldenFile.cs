using System.Text;
using System.Text.Json.Nodes;

namespace CallCrm.Connectors.Core.Tests.Contracts;

/// <summary>The golden payloads in Contracts/Golden: what each contract version looks like on disk.</summary>
internal static class GoldenFile
{
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Contracts", "Golden", name));

    /// <summary>Asserts <paramref name="actual"/> means the same as the golden file and is the same bytes.</summary>
    public static void ShouldMatch(byte[] actual, string name)
    {
        var expected = Read(name);

        // Semantic first: its failure message says which value differs, not just that some byte does.
        JsonNode.DeepEquals(JsonNode.Parse(actual), JsonNode.Parse(expected)).Should()
            .BeTrue($"the payload should mean what {name} means; it was {Encoding.UTF8.GetString(actual)}");
        Encoding.UTF8.GetString(actual).Should().Be(Encoding.UTF8.GetString(expected), "writers emit exactly the golden bytes");
        actual.Should().Equal(expected);
    }
}
