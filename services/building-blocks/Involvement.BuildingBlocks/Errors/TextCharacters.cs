using System.Globalization;

namespace Involvement.BuildingBlocks.Errors;

/// <summary>
/// What may appear in text a caller sends. Single-line text (names, titles, codes, references) travels into
/// events, exports, CSV files and log lines, where a line break or tab splits a record and a bidirectional control
/// (Trojan Source) makes text read differently from what it holds; multi-line text (notes, reasons, descriptions)
/// may also break lines. PostgreSQL refuses NUL, and no other control character is ever meant.
/// </summary>
public static class TextCharacters
{
    /// <summary>The first character single-line text may not hold, or null if there is none.</summary>
    public static char? FirstRefusedInLine(string text) => FirstRefused(text, multiLine: false);

    /// <summary>The first character multi-line text may not hold (anything single-line refuses except CR and LF).</summary>
    public static char? FirstRefusedInLines(string text) => FirstRefused(text, multiLine: true);

    /// <summary>How to name a refused character to the caller: its code point and what it is.</summary>
    public static string Describe(char c) => $"U+{(int)c:X4} ({Kind(c)})";

    private static char? FirstRefused(string text, bool multiLine)
    {
        foreach (var c in text)
        {
            if (IsRefused(c) && !(multiLine && c is '\n' or '\r'))
            {
                return c;
            }
        }

        return null;
    }

    private static bool IsRefused(char c) =>
        char.IsControl(c) || IsBidiControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    /// <summary>Unicode's Bidi_Control characters: ALM, LRM, RLM, the embeddings and overrides, and the isolates.</summary>
    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string Kind(char c) => c switch
    {
        '\n' or '\r' or '\u0085' or '\u2028' or '\u2029' or '\v' or '\f' => "a line break",
        '\t' => "a tab",
        _ when IsBidiControl(c) => "a bidirectional control",
        _ => "a control character",
    };
}
