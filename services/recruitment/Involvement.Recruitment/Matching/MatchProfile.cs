namespace Involvement.Recruitment.Matching;

/// <summary>
/// What matching knows of one member. Text is kept lower-case so comparisons are plain ordinal ones.
/// <see cref="OutreachGroups"/> holds equality answers only when the member consented to their use for outreach.
/// A class, not a record: the bit summaries are derived once here, and a record's <c>with</c> would copy them stale.
/// </summary>
public sealed class MatchProfile(
    Guid memberId,
    string displayName,
    string status,
    int level,
    bool contactable,
    string? careGroup,
    string? locality,
    string[] interests,
    ServiceHistory[] services,
    TrainingCompletion[] completions,
    DateOnly? lastInvolvedOn,
    CommittedSession[] committedSessions,
    EqualityGroup[] outreachGroups)
{
    public Guid MemberId { get; } = memberId;
    public string DisplayName { get; } = displayName;
    public string Status { get; } = status;
    public int Level { get; } = level;
    public bool Contactable { get; } = contactable;
    public string? CareGroup { get; } = careGroup;
    public string? Locality { get; } = locality;
    public string[] Interests { get; } = interests;
    public ServiceHistory[] Services { get; } = services;
    public TrainingCompletion[] Completions { get; } = completions;
    public DateOnly? LastInvolvedOn { get; } = lastInvolvedOn;
    public CommittedSession[] CommittedSessions { get; } = committedSessions;
    public EqualityGroup[] OutreachGroups { get; } = outreachGroups;

    /// <summary>A one-word summary of <see cref="Interests"/>: a member whose bits miss a topic's bit cannot share it (see <see cref="Text.Bit"/>).</summary>
    public ulong InterestBits { get; } = Text.Bits(interests);

    /// <summary>The same for completed modules, so most prerequisite checks never open <see cref="Completions"/>.</summary>
    public ulong CompletionBits { get; } = Text.Bits(completions.Select(c => c.Module));
}

public readonly record struct ServiceHistory(string Service, DateOnly LastUsed);

public readonly record struct TrainingCompletion(string Module, DateOnly? ExpiresOn, bool Expired);

/// <summary>A session of an opportunity the member holds a seat on, by its UK calendar month.</summary>
public readonly record struct CommittedSession(Guid OpportunityId, int Year, int Month);

/// <param name="Question">An equality question's field name, e.g. <c>ethnic_category</c>.</param>
/// <param name="Answer">The answer's enum name, e.g. <c>ETHNIC_CATEGORY_H_INDIAN</c>.</param>
public sealed record EqualityGroup(string Question, string Answer);
