using CallCrm.Connectors.Normalization;

namespace CallCrm.Connectors.Core.Tests.Normalization;

public class TextCleanerTests
{
    [TestCase("  Zhang San  ", "Zhang San", TestName = "Clean_Trims")]
    [TestCase("Zhang \t\r\n  San", "Zhang San", TestName = "Clean_CollapsesWhitespaceRuns")]
    [TestCase("Zhang\u00A0San", "Zhang San", TestName = "Clean_NoBreakSpaceBecomesSpace")]
    [TestCase("张\u3000三", "张 三", TestName = "Clean_IdeographicSpaceBecomesSpace")]
    [TestCase("ＡＢＣ１２３！～", "ABC123!~", TestName = "Clean_FullWidthAsciiBecomesAscii")]
    [TestCase("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zhang@example.com", TestName = "Clean_FullWidthEmail")]
    [TestCase("\uFEFFAcme", "Acme", TestName = "Clean_RemovesByteOrderMark")]
    [TestCase("Ac\u200Bme", "Acme", TestName = "Clean_RemovesZeroWidthSpace")]
    [TestCase("Ac\u200C\u200Dme", "Acme", TestName = "Clean_RemovesJoiners")]
    [TestCase("Ac\u2060me", "Acme", TestName = "Clean_RemovesWordJoiner")]
    [TestCase("co\u00ADoperate", "cooperate", TestName = "Clean_RemovesSoftHyphen")]
    [TestCase("\u200E+86 138\u200F", "+86 138", TestName = "Clean_RemovesDirectionMarks")]
    [TestCase("\u202Aabc\u202C \u2066def\u2069", "abc def", TestName = "Clean_RemovesBidiEmbeddingsAndIsolates")]
    [TestCase("a\u0000b\u0007c\u009Fd", "abcd", TestName = "Clean_RemovesControlCharacters")]
    [TestCase("Cafe\u0301", "Caf\u00E9", TestName = "Clean_ComposesToFormC")]
    [TestCase("Cafe\u00AD\u0301", "Caf\u00E9", TestName = "Clean_ComposesAcrossRemovedInvisible")]
    [TestCase(" \u200B\u3000 ", "", TestName = "Clean_OnlyInvisibleBecomesEmpty")]
    [TestCase("", "", TestName = "Clean_Empty")]
    [TestCase("已是干净的文本", "已是干净的文本", TestName = "Clean_CleanChineseUnchanged")]
    public void Clean_DefaultOptions(string raw, string expected)
    {
        TextCleaner.Default.Clean(raw).Should().Be(expected);
    }

    [Test]
    public void Clean_Null_ReturnsNull()
    {
        TextCleaner.Default.Clean(null).Should().BeNull();
    }

    [TestCase("Acme Ltd")]
    [TestCase("CA1234567890abcdef")]
    public void Clean_CleanAscii_ReturnsSameInstance(string value)
    {
        TextCleaner.Default.Clean(value).Should().BeSameAs(value);
    }

    [Test]
    public void Clean_LongText_IsCleanedBeyondTheStackBuffer()
    {
        string raw = "  " + string.Concat(Enumerable.Repeat("ｗｏｒｄ\u200B  ", 200)) + " ";

        string cleaned = TextCleaner.Default.Clean(raw);

        cleaned.Should().Be(string.Join(' ', Enumerable.Repeat("word", 200)));
    }

    [Test]
    public void Clean_CollapseTurnedOff_KeepsInnerLineBreaksButTrims()
    {
        var cleaner = new TextCleaner(new TextCleanerOptions { CollapseWhitespace = false });

        cleaner.Clean("  line one\n\nline  two \n").Should().Be("line one\n\nline  two");
    }

    [Test]
    public void Clean_FullWidthConversionTurnedOff_KeepsFullWidth()
    {
        var cleaner = new TextCleaner(new TextCleanerOptions { ConvertFullWidthToHalfWidth = false });

        cleaner.Clean("\u3000ＡＢＣ\u200B").Should().Be("ＡＢＣ");
    }

    [Test]
    public void Clean_PreserveJoiners_KeepsPersianNonJoinerAndEmojiJoiner()
    {
        var cleaner = new TextCleaner(new TextCleanerOptions { PreserveJoiners = true });

        cleaner.Clean("می\u200Cخواهم").Should().Be("می\u200Cخواهم");
        cleaner.Clean("👩\u200D💻\u200B").Should().Be("👩\u200D💻");
    }
}
