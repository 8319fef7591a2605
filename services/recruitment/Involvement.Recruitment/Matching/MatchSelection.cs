namespace Involvement.Recruitment.Matching;

/// <summary>
/// Whom a match picked, before anything is explained: the ranked places best first, the best eligible members of
/// under-represented groups best first (some may also be ranked), the most relevant excluded members best first, and
/// how many members each exclusion code (in <see cref="Matcher.ExclusionCodes"/> order) applied to.
/// </summary>
public sealed record MatchSelection(
    IReadOnlyList<MatchProfile> Ranked, IReadOnlyList<MatchProfile> Outreach, IReadOnlyList<MatchProfile> Excluded, int[] ExclusionCounts, int Considered);
