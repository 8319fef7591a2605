using Involvement.BuildingBlocks.Time;
using Involvement.Recruitment.Opportunities;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Matching;

/// <summary>
/// What an opportunity asks of a member, in the form the matcher compares (lower-case text, UK months). A class, not
/// a record: the bit summaries are derived once here, and a record's <c>with</c> would copy them stale.
/// </summary>
public sealed class MatchCriteria(
    Guid opportunityId,
    int levelRequired,
    string[] prerequisites,
    string? careGroup,
    string? locality,
    string[] topics,
    DateOnly? firstSessionOn,
    IReadOnlyDictionary<(int Year, int Month), int> sessionsPerMonth,
    IReadOnlyDictionary<string, string>? spelling = null)
{
    public Guid OpportunityId { get; } = opportunityId;
    public int LevelRequired { get; } = levelRequired;
    public string[] Prerequisites { get; } = prerequisites;
    public string? CareGroup { get; } = careGroup;
    public string? Locality { get; } = locality;
    public string[] Topics { get; } = topics;
    public DateOnly? FirstSessionOn { get; } = firstSessionOn;
    public IReadOnlyDictionary<(int Year, int Month), int> SessionsPerMonth { get; } = sessionsPerMonth;

    /// <summary>Compared text as the opportunity spells it, for explanations.</summary>
    public IReadOnlyDictionary<string, string> Spelling { get; } = spelling ?? new Dictionary<string, string>();

    public ulong TopicBits { get; } = Text.Bits(topics);

    public ulong[] PrerequisiteBits { get; } = [.. prerequisites.Select(Text.Bit)];

    public string Spelled(string key) => Spelling.GetValueOrDefault(key, key);

    public static MatchCriteria For(Opportunity opportunity)
    {
        var c = opportunity.Content;
        var dates = opportunity.Sessions.Select(s => UkTime.DateOf(s.StartsAt.ToDateTimeOffset())).ToList();
        return new MatchCriteria(
            Guid.Parse(opportunity.OpportunityId),
            (int)c.LevelRequired,
            c.TrainingPrerequisites.Select(Text.Key).Distinct().ToArray(),
            Text.KeyOrNull(c.CareGroup),
            Text.KeyOrNull(c.Locality),
            c.Topics.Select(Text.Key).Distinct().ToArray(),
            dates.Count == 0 ? null : dates.Min(),
            dates.GroupBy(d => (d.Year, d.Month)).ToDictionary(g => g.Key, g => g.Count()),
            c.Topics.Append(c.CareGroup).Append(c.Locality).Where(t => !string.IsNullOrWhiteSpace(t))
                .DistinctBy(Text.Key).ToDictionary(Text.Key, t => t.Trim()));
    }
}

/// <summary>How free text is compared in matching: trimmed, lower-case, culture-free.</summary>
public static class Text
{
    public static string Key(string value) => string.Intern(value.Trim().ToLowerInvariant());

    public static string? KeyOrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : Key(value);

    /// <summary>
    /// A key's bit in a 64-bit summary of a set of keys: equal keys share a bit, so a set whose summary lacks a key's
    /// bit does not hold the key. Matching checks bits before it reads a member's lists.
    /// </summary>
    public static ulong Bit(string key) => 1UL << (int)((uint)StringComparer.Ordinal.GetHashCode(key) % 64);

    public static ulong Bits(IEnumerable<string> keys) => keys.Aggregate(0UL, (bits, key) => bits | Bit(key));
}
