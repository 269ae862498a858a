using System;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace CallCrm.Connectors.Normalization;

/// <summary>
/// Cleans free text from call systems and CRMs: trims it, removes invisible characters, turns full-width ASCII into
/// ASCII, collapses white space and puts it in Unicode normalization form C, so that equal-looking values compare equal.
/// </summary>
/// <remarks>
/// <para>Removed as invisible: C0 and C1 control characters other than white space, the soft hyphen (U+00AD), the Arabic
/// letter mark (U+061C), the Mongolian vowel separator (U+180E), zero-width space, non-joiner and joiner
/// (U+200B to U+200D, joiners optional), left-to-right and right-to-left marks (U+200E, U+200F), bidirectional embeddings,
/// overrides and isolates (U+202A to U+202E, U+2066 to U+2069), the word joiner and invisible operators
/// (U+2060 to U+2064) and the byte order mark (U+FEFF).</para>
/// <para>Instances are immutable and thread-safe. Text that is already clean (the common case for ASCII) is returned as
/// the same instance, without allocating.</para>
/// </remarks>
public sealed class TextCleaner
{
    private const char IdeographicSpace = '\u3000';
    private const char FirstFullWidth = '\uFF01';
    private const char LastFullWidth = '\uFF5E';
    private const int FullWidthToAsciiShift = FirstFullWidth - '!';

    // Texts up to this length are cleaned in a stack buffer; longer ones rent from the heap once.
    private const int StackBufferLength = 256;

    private readonly bool collapseWhitespace;
    private readonly bool convertFullWidth;
    private readonly bool preserveJoiners;

    /// <summary>Initializes a new instance of the <see cref="TextCleaner"/> class with default options.</summary>
    public TextCleaner()
        : this(new TextCleanerOptions())
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TextCleaner"/> class.</summary>
    /// <param name="options">The options.</param>
    public TextCleaner(TextCleanerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        collapseWhitespace = options.CollapseWhitespace;
        convertFullWidth = options.ConvertFullWidthToHalfWidth;
        preserveJoiners = options.PreserveJoiners;
    }

    /// <summary>Gets a cleaner with the default options.</summary>
    public static TextCleaner Default { get; } = new();

    /// <summary>Cleans a text.</summary>
    /// <param name="value">The text, or <see langword="null"/>.</param>
    /// <returns>The cleaned text (empty when it held only white space and invisible characters), or
    /// <see langword="null"/> when <paramref name="value"/> is <see langword="null"/>.</returns>
    [return: NotNullIfNotNull(nameof(value))]
    public string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (IsCleanAscii(value))
        {
            return value;
        }

        // Cleaning never lengthens a text, so a buffer as long as the input is enough.
        Span<char> buffer = value.Length <= StackBufferLength ? stackalloc char[StackBufferLength] : new char[value.Length];
        int length = Rewrite(value, buffer);
        string cleaned = buffer[..length].SequenceEqual(value) ? value : new string(buffer[..length]);

        // Composition runs after removal so that a base letter and a combining mark that were kept apart by an
        // invisible character (for example a soft hyphen) compose into one code point.
        return cleaned.IsNormalized(NormalizationForm.FormC) ? cleaned : cleaned.Normalize(NormalizationForm.FormC);
    }

    /// <summary>Gets whether a character is one the cleaner removes as invisible.</summary>
    /// <param name="c">The character.</param>
    /// <param name="preserveJoiners">Whether the zero-width joiner and non-joiner are kept.</param>
    /// <returns><see langword="true"/> when the character is removed.</returns>
    internal static bool IsInvisible(char c, bool preserveJoiners) => c switch
    {
        '\u00AD' or '\u061C' or '\u180E' or '\u200B' or '\u200E' or '\u200F' or '\uFEFF' => true,
        '\u200C' or '\u200D' => !preserveJoiners,
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2060' and <= '\u2064' => true,
        >= '\u2066' and <= '\u2069' => true,
        _ => char.IsControl(c) && !char.IsWhiteSpace(c),
    };

    // True when the text is printable ASCII with single inner spaces and nothing to trim: nothing to do.
    private static bool IsCleanAscii(string value)
    {
        if (value.Length == 0)
        {
            return true;
        }

        if (value[0] == ' ' || value[^1] == ' ')
        {
            return false;
        }

        char previous = '\0';
        foreach (char c in value)
        {
            if (c is < ' ' or > '~' || (c == ' ' && previous == ' '))
            {
                return false;
            }

            previous = c;
        }

        return true;
    }

    private int Rewrite(string value, Span<char> buffer)
    {
        int length = 0;
        bool pendingSpace = false;
        foreach (char original in value)
        {
            char c = original;
            if (convertFullWidth)
            {
                if (c is >= FirstFullWidth and <= LastFullWidth)
                {
                    c = (char)(c - FullWidthToAsciiShift);
                }
                else if (c == IdeographicSpace)
                {
                    c = ' ';
                }
            }

            if (IsInvisible(c, preserveJoiners))
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (length == 0)
                {
                    continue; // leading white space
                }

                if (collapseWhitespace)
                {
                    // Written only when a visible character follows, so a trailing run vanishes.
                    pendingSpace = true;
                }
                else
                {
                    buffer[length++] = c;
                }

                continue;
            }

            if (pendingSpace)
            {
                buffer[length++] = ' ';
                pendingSpace = false;
            }

            buffer[length++] = c;
        }

        if (!collapseWhitespace)
        {
            // Without collapsing, inner white space was copied as it came: take the trailing run back off.
            while (length > 0 && char.IsWhiteSpace(buffer[length - 1]))
            {
                length--;
            }
        }

        return length;
    }
}
