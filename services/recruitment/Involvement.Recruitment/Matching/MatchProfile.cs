namespace Involvement.Recruitment.Matching;

/// <summary>
/// What matching knows of one member. Text is kept lower-case so comparisons are plain ordinal ones.
/// <see cref="OutreachGroups"/> holds equality answers only when the member consented to their use for outreach.
/// </summary>
public sealed record MatchProfile(
    Guid MemberId,
    string DisplayName,
    string Status,
    int Level,
    bool Contactable,
    string? CareGroup,
    string? Locality,
    string[] Interests,
    ServiceHistory[] Services,
    DateOnly? PatientPartnerSince,
    TrainingCompletion[] Completions,
    DateOnly? LastInvolvedOn,
    CommittedSession[] CommittedSessions,
    EqualityGroup[] OutreachGroups)
{
    /// <summary>A one-word summary of <see cref="Interests"/>: a member whose bits miss a topic's bit cannot share it (see <see cref="Text.Bit"/>).</summary>
    public ulong InterestBits { get; } = Text.Bits(Interests);

    /// <summary>The same for completed modules, so most prerequisite checks never open <see cref="Completions"/>.</summary>
    public ulong CompletionBits { get; } = Text.Bits(Completions.Select(c => c.Module));
}

public readonly record struct ServiceHistory(string Service, DateOnly LastUsed);

public readonly record struct TrainingCompletion(string Module, DateOnly? ExpiresOn, bool Expired);

/// <summary>A session of an opportunity the member holds a seat on, by its UK calendar month.</summary>
public readonly record struct CommittedSession(Guid OpportunityId, int Year, int Month);

/// <param name="Question">An equality question's field name, e.g. <c>ethnic_category</c>.</param>
/// <param name="Answer">The answer's enum name, e.g. <c>ETHNIC_CATEGORY_H_INDIAN</c>.</param>
public sealed record EqualityGroup(string Question, string Answer);
