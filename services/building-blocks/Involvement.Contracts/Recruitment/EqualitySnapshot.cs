namespace Involvement.Contracts.Recruitment;

/// <summary>
/// The pool's equality answers and those of people involved in the period, as counts only: no member ids, nothing
/// about any one person. Published on a schedule and when the PPI team asks. Reporting compares them with the local
/// population profile. <c>AggregateVersion</c> rises with every snapshot: the highest is the latest.
/// </summary>
/// <param name="PeriodStart">The NHS quarter "involved" covers (first day), to <paramref name="PeriodEnd"/> (last day).</param>
/// <param name="PoolMembers">Applicants, active and paused members.</param>
/// <param name="InvolvedMembers">Members who attended at least one session in the period.</param>
public sealed record EqualitySnapshot(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    int PoolMembers,
    int InvolvedMembers,
    IReadOnlyList<EqualityAnswerCount> Pool,
    IReadOnlyList<EqualityAnswerCount> Involved) : IIntegrationEvent;

/// <param name="Question">The equality question, e.g. <c>ethnic_category</c>.</param>
/// <param name="Answer">The answer's name (e.g. <c>ETHNIC_CATEGORY_H_INDIAN</c>, <c>SEX_PREFER_NOT_TO_SAY</c>) or <c>UNANSWERED</c>.</param>
public sealed record EqualityAnswerCount(string Question, string Answer, int Members);
