using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CallCrm.Connectors.Core.Tests;

/// <summary>Every package's start-up validation messages exist in both languages with the same placeholders.</summary>
public partial class ValidationTextTests
{
    private static IEnumerable<TestCaseData> Packages()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        return Directory.GetFiles(src, "ValidationMessages.resx", SearchOption.AllDirectories)
            .Select(path => new TestCaseData(path).SetArgDisplayNames(Path.GetFileName(Path.GetDirectoryName(path))!));
    }

    [TestCaseSource(nameof(Packages))]
    public void Resources_ChineseTranslation_HasEveryKeyWithTheSamePlaceholders(string englishPath)
    {
        var chinesePath = englishPath.Replace(".resx", ".zh-Hans.resx", StringComparison.Ordinal);
        var english = Read(englishPath);
        var chinese = Read(chinesePath);

        chinese.Keys.Should().BeEquivalentTo(english.Keys);
        foreach (var (key, text) in english)
        {
            Placeholders(chinese[key]).Should().BeEquivalentTo(Placeholders(text), $"'{key}' must keep its placeholders in Chinese");
        }
    }

    [Test]
    public void Resources_EveryPackageWithValidationMessages_IsFound()
    {
        Packages().Should().HaveCountGreaterThanOrEqualTo(4);
    }

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CallCrm.Connectors.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (CallCrm.Connectors.sln) was not found.");
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
