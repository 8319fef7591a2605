#if BENCHMARK_TOOL
// The benchmark tool also holds the clients' copy of the contracts: it names the host's under an alias.
extern alias RecruitmentHost;
using RecruitmentHost::Involvement.Recruitment.Matching;
using RecruitmentHost::Involvement.Recruitment.V1;
#else
using Involvement.Recruitment.Matching;
using Involvement.Recruitment.V1;
#endif

namespace Involvement.UnitTests.Matching;

/// <summary>
/// A seeded, varied pool and set of opportunities for comparing matchers and timing them: the same seed gives the same
/// data. It leans on the edges the rules have (lapsing and duplicate completions, services whose names contain a topic,
/// tenures ending around today, sessions on the matched opportunity, involvement in the future), not only the common case.
/// Also compiled into the benchmark tool, which times matching on it.
/// </summary>
public static class GeneratedPool
{
    public static readonly DateOnly Today = new(2026, 11, 22);

    private static readonly string[] Statuses = ["active", "active", "active", "active", "active", "active", "active", "paused", "applicant", "left"];
    private static readonly string[] Modules = ["intro-participation", "safeguarding", "research-ethics", "data-protection"];
    private static readonly string[] ExtraServices = ["crisis", "crisis care", "mental health", "maternity", "care group 2", "topic 1"];
    private static readonly EqualityGroup[] Groups =
    [
        new("ethnic_category", "ETHNIC_CATEGORY_H_INDIAN"), new("ethnic_category", "ETHNIC_CATEGORY_N_AFRICAN"),
        new("ethnic_category", "ETHNIC_CATEGORY_A_WHITE_BRITISH"), new("sex", "SEX_FEMALE"), new("sex", "SEX_MALE"),
    ];

    /// <summary>Opportunities some members hold seats on, so the monthly cap and "own opportunity" rules both bite.</summary>
    public static readonly Guid[] Opportunities = [.. Enumerable.Range(1, 6).Select(n => Guid.Parse($"0190a3c4-0000-7000-9000-{n:D12}"))];

    public static List<MatchProfile> Members(int count, int seed = 1)
    {
        var random = new Random(seed);
        var members = new List<MatchProfile>(count);
        for (var n = 0; n < count; n++)
        {
            members.Add(new MatchProfile(
                NewId(random),
                $"Member {n}",
                Pick(random, Statuses),
                random.Next(1, 8),
                random.Next(10) != 0,
                random.Next(10) == 0 ? null : $"care group {random.Next(12)}",
                random.Next(10) == 0 ? null : $"locality {random.Next(20)}",
                [.. Enumerable.Range(0, random.Next(6)).Select(_ => $"topic {random.Next(40)}")],
                [.. Enumerable.Range(0, random.Next(4)).Select(_ => new ServiceHistory(
                    random.Next(3) == 0 ? Pick(random, ExtraServices) : $"service {random.Next(30)}", Today.AddDays(-random.Next(1500))))],
                [.. Enumerable.Range(0, random.Next(5) < 3 ? random.Next(1, 4) : 0).Select(_ => new TrainingCompletion(
                    Pick(random, Modules),
                    random.Next(3) == 0 ? Today.AddDays(random.Next(-200, 400)) : null,
                    random.Next(10) == 0))],
                random.Next(5) < 2 ? null : Today.AddDays(random.Next(20) == 0 ? random.Next(1, 30) : -random.Next(900)),
                random.Next(6) == 0
                    ? [.. Enumerable.Range(0, random.Next(1, 9)).Select(_ => new CommittedSession(Pick(random, Opportunities), 2027, random.Next(1, 4)))]
                    : [],
                random.Next(4) == 0 ? [.. Groups.Where(_ => random.Next(3) == 0)] : []));
        }

        return members;
    }

    /// <summary>Opportunities asking for different things: levels, prerequisites (one nobody has), places, topics, session months.</summary>
    public static List<MatchCriteria> Criteria(int count, int seed = 2)
    {
        var random = new Random(seed);
        var criteria = new List<MatchCriteria>(count);
        for (var n = 0; n < count; n++)
        {
            var careGroup = random.Next(6) == 0 ? null : random.Next(10) == 0 ? "care group nobody uses" : $"care group {random.Next(12)}";
            var locality = random.Next(4) == 0 ? null : $"locality {random.Next(20)}";
            string[] topics = [.. Enumerable.Range(0, random.Next(5)).Select(_ => random.Next(5) == 0 ? Pick(random, ["crisis", "care", "health", "unheard of"]) : $"topic {random.Next(40)}").Distinct()];
            var months = Enumerable.Range(1, random.Next(4)).ToDictionary(m => (2027, m), _ => random.Next(1, 5));
            criteria.Add(new MatchCriteria(
                Pick(random, Opportunities),
                random.Next(1, 8),
                [.. Enumerable.Range(0, random.Next(3)).Select(_ => random.Next(8) == 0 ? "module nobody took" : Pick(random, Modules)).Distinct()],
                careGroup,
                locality,
                topics,
                random.Next(5) == 0 ? null : Today.AddDays(random.Next(5, 200)),
                months,
                topics.Append(careGroup).Append(locality).OfType<string>().Distinct().ToDictionary(t => t, t => t.ToUpperInvariant())));
        }

        return criteria;
    }

    /// <summary>Some of the groups members belong to, or none.</summary>
    public static IReadOnlyList<UnderRepresentedGroup> UnderRepresented(int n) =>
        [.. Groups.Where((_, i) => ((n >> i) & 1) == 1 && i < 3)
            .Select(g => new UnderRepresentedGroup { Question = g.Question, Answer = g.Answer, PoolPercent = 2, PopulationPercent = 6 })];

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static Guid NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
