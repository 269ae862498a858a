using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CallCrm.Connectors.Core.Tests;

/// <summary>Every package's start-up validation messages exist in both languages with the same placeholders.</summary>
public partial class ValidationTextTests
{
    private static IEnumerable<TestCaseData> Packages() =>
        EnglishResources().Select(path => new TestCaseData(path).SetArgDisplayNames(Path.GetFileName(Path.GetDirectoryName(path))!));

    private static string[] EnglishResources() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot(), "src"), "ValidationMessages.resx", SearchOption.AllDirectories);

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
    public void Resources_EveryPackageThatValidatesOptions_HasTranslatedMessages()
    {
        // A package whose start-up checks fail options (ValidateOptionsResult.Fail) gives their messages from its resources,
        // so that they follow the UI culture; the test above then checks that the translation is complete.
        var validating = Directory.GetDirectories(Path.Combine(RepositoryRoot(), "src"))
            .Where(package => Directory.EnumerateFiles(package, "*.cs", SearchOption.AllDirectories)
                .Where(file => !IsBuildOutput(package, file))
                .Any(file => File.ReadAllText(file).Contains("ValidateOptionsResult.Fail(", StringComparison.Ordinal)))
            .Select(Path.GetFileName)
            .ToList();
        var localized = EnglishResources().Select(path => Path.GetFileName(Path.GetDirectoryName(path))).ToList();

        validating.Should().Contain(["CallCrm.Connectors.Core", "CallCrm.Connectors.Http", "CallCrm.Connectors.Security"], "the search must find the packages' validators");
        validating.Should().BeSubsetOf(localized, "each of these packages needs a ValidationMessages.resx with a ValidationMessages.zh-Hans.resx beside it");
    }

    private static bool IsBuildOutput(string package, string file)
    {
        var relative = Path.GetRelativePath(package, file);
        return relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
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
