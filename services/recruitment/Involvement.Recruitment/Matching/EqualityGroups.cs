using Google.Protobuf.Reflection;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Matching;

/// <summary>Equality answers as (question, answer) pairs, leaving out unanswered, "prefer not to say" and "not stated".</summary>
public static class EqualityGroups
{
    private static readonly IReadOnlyList<FieldDescriptor> Questions = [.. EqualityAnswers.Descriptor.Fields.InDeclarationOrder()];

    /// <summary>Question names as configuration and the API spell them (the proto field names).</summary>
    public static IReadOnlyDictionary<string, EnumDescriptor> ByQuestion { get; } =
        Questions.ToDictionary(f => f.Name, f => f.EnumType, StringComparer.OrdinalIgnoreCase);

    /// <summary>The question for a stored JSON key (stored answers use proto JSON names).</summary>
    public static IReadOnlyDictionary<string, string> QuestionByJsonName { get; } = Questions.ToDictionary(f => f.JsonName, f => f.Name);

    public static bool IsSubstantive(string answer) =>
        !answer.EndsWith("_UNSPECIFIED", StringComparison.Ordinal) && !answer.EndsWith("_PREFER_NOT_TO_SAY", StringComparison.Ordinal)
        && !answer.EndsWith("_NOT_STATED", StringComparison.Ordinal);

    public static EqualityGroup[] Of(EqualityAnswers answers) =>
        Questions
            .Select(f => (f.Name, Answer: f.EnumType.FindValueByNumber((int)f.Accessor.GetValue(answers))?.Name))
            .Where(q => q.Answer is not null && IsSubstantive(q.Answer))
            .Select(q => new EqualityGroup(q.Name, q.Answer!))
            .ToArray();
}
