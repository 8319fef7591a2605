namespace Involvement.Reporting.Diversity;

/// <summary>How recruitment's EqualitySnapshot names answers, and what kind of response each is.</summary>
public static class EqualityAnswers
{
    public const string Answered = "answered";
    public const string PreferNotToSay = "prefer_not_to_say";
    public const string Unanswered = "unanswered";

    public static readonly IReadOnlyList<string> Responses = [Answered, PreferNotToSay, Unanswered];

    /// <summary>
    /// <c>UNANSWERED</c> (or an enum's <c>_UNSPECIFIED</c>) is unanswered; <c>_PREFER_NOT_TO_SAY</c> and
    /// <c>_NOT_STATED</c> (ethnic category Z) are a choice not to say; anything else is an answer.
    /// </summary>
    public static string ResponseOf(string answer) =>
        answer == "UNANSWERED" || answer.EndsWith("_UNSPECIFIED", StringComparison.Ordinal) ? Unanswered
        : answer.EndsWith("_PREFER_NOT_TO_SAY", StringComparison.Ordinal) || answer.EndsWith("_NOT_STATED", StringComparison.Ordinal) ? PreferNotToSay
        : Answered;

    public static bool IsCode(string text) =>
        text.Length is > 0 and <= 100 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>The category of a figure: <c>ethnic_category:ETHNIC_CATEGORY_H_INDIAN</c>.</summary>
    public static string Category(string question, string answer) => $"{question}:{answer}";
}
