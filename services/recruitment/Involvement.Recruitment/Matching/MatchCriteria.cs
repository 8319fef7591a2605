using Involvement.Recruitment.Opportunities;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Matching;

/// <summary>What an opportunity asks of a member, in the form the matcher compares (lower-case text, UK months).</summary>
public sealed record MatchCriteria(
    Guid OpportunityId,
    int LevelRequired,
    string[] Prerequisites,
    string? CareGroup,
    string? Locality,
    string[] Topics,
    DateOnly? FirstSessionOn,
    IReadOnlyDictionary<(int Year, int Month), int> SessionsPerMonth)
{
    /// <summary>Compared text as the opportunity spells it, for explanations.</summary>
    public IReadOnlyDictionary<string, string> Spelling { get; init; } = new Dictionary<string, string>();

    public string Spelled(string key) => Spelling.GetValueOrDefault(key, key);

    public ulong TopicBits { get; } = Text.Bits(Topics);

    public ulong[] PrerequisiteBits { get; } = [.. Prerequisites.Select(Text.Bit)];

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
            dates.GroupBy(d => (d.Year, d.Month)).ToDictionary(g => g.Key, g => g.Count()))
        {
            Spelling = c.Topics.Append(c.CareGroup).Append(c.Locality).Where(t => !string.IsNullOrWhiteSpace(t))
                .DistinctBy(Text.Key).ToDictionary(Text.Key, t => t.Trim()),
        };
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
