using Involvement.Recruitment.Matching;
using Involvement.Recruitment.V1;

namespace Involvement.UnitTests;

public sealed class MatchingTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly Guid OpportunityId = Guid.Parse("0190a3c4-0000-7000-8000-000000000001");
    private static readonly MatchSettings Settings = new(MonthlySessionCap: 6, OutreachShare: 0.5);

    private static MatchCriteria Criteria(int level = 3, string[]? prerequisites = null, int sessionsInMarch = 1) => new(
        OpportunityId, level, prerequisites ?? [], "acute care", "canterbury", ["crisis care", "carers"], new DateOnly(2027, 3, 10),
        new Dictionary<(int Year, int Month), int> { [(2027, 3)] = sessionsInMarch });

    private static MatchProfile Member(
        int n, string status = "active", int level = 3, bool contactable = true, string? careGroup = null, string? locality = null,
        string[]? interests = null, DateOnly? lastInvolved = null, TrainingCompletion[]? completions = null,
        CommittedSession[]? committed = null, EqualityGroup[]? outreach = null, ServiceHistory[]? services = null) => new(
        Guid.Parse($"0190a3c4-0000-7000-8000-{n:D12}"), $"Member {n}", status, level, contactable, careGroup, locality, interests ?? [],
        services ?? [], completions ?? [], lastInvolved, committed ?? [], outreach ?? []);

    private static MatchMembersResponse Match(IReadOnlyCollection<MatchProfile> pool, MatchCriteria? criteria = null, int limit = 10,
        IReadOnlyList<UnderRepresentedGroup>? under = null) =>
        Matcher.Match(criteria ?? Criteria(), pool, under ?? [], Settings, Today, limit);

    [Fact]
    public void Relevance_ranks_first_and_every_point_is_explained()
    {
        var result = Match([
            Member(1, lastInvolved: Today.AddDays(-10)),
            Member(2, careGroup: "acute care", locality: "canterbury", interests: ["carers"], lastInvolved: Today.AddDays(-10)),
            Member(3, locality: "canterbury", lastInvolved: Today.AddDays(-10)),
        ]);

        Assert.Equal(["Member 2", "Member 3", "Member 1"], result.Candidates.Select(c => c.DisplayName));
        var top = result.Candidates[0];
        Assert.Equal(7, top.Score);
        Assert.Equal(["care_group", "locality", "interests", "fairness"], top.Reasons.Select(r => r.Factor));
        Assert.Equal(top.Score, top.Reasons.Sum(r => r.Points));
        Assert.All(top.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Explanation)));
    }

    [Fact]
    public void Among_equally_relevant_people_those_involved_less_recently_come_first()
    {
        var result = Match([
            Member(1, lastInvolved: Today.AddMonths(-1)),
            Member(2, lastInvolved: Today.AddMonths(-7)),
            Member(3),
            Member(4, lastInvolved: Today.AddMonths(-13)),
            Member(5, lastInvolved: Today.AddMonths(-2)),
        ]);

        Assert.Equal(["Member 3", "Member 4", "Member 2", "Member 5", "Member 1"], result.Candidates.Select(c => c.DisplayName));
        Assert.Equal([4, 3, 2, 0, 0], result.Candidates.Select(c => c.Score));
        Assert.Contains("Not involved", result.Candidates[0].Reasons.Single().Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_pool_in_any_order_gives_the_same_list()
    {
        var pool = Enumerable.Range(1, 40).Select(n => Member(n, locality: n % 3 == 0 ? "canterbury" : null, lastInvolved: n % 4 == 0 ? null : Today.AddDays(-n))).ToList();
        var shuffled = pool.OrderBy(m => m.MemberId.GetHashCode()).ToList();

        var first = Match(pool, limit: 15);
        var second = Match(shuffled, limit: 15);

        Assert.Equal(15, first.Candidates.Count);
        Assert.Equal(first.Candidates.Select(c => c.MemberId), second.Candidates.Select(c => c.MemberId));
        Assert.Equal(Enumerable.Range(1, 15), first.Candidates.Select(c => c.Rank));
    }

    [Fact]
    public void Each_exclusion_is_given_with_its_reason_and_counted()
    {
        var relevant = new[] { "carers" };
        var result = Match([
            Member(1, status: "paused", interests: relevant),
            Member(2, contactable: false, interests: relevant),
            Member(3, level: 2, interests: relevant),
            Member(4, interests: relevant),
            Member(5, interests: relevant, completions: [new TrainingCompletion("intro", new DateOnly(2027, 2, 1), false)]),
            Member(7, interests: relevant, completions: [new TrainingCompletion("intro", null, false)],
                committed: Enumerable.Repeat(new CommittedSession(Guid.NewGuid(), 2027, 3), 6).ToArray()),
            Member(8, interests: relevant, completions: [new TrainingCompletion("intro", null, false)]),
            Member(9, status: "paused"),
        ], Criteria(prerequisites: ["intro"]));

        Assert.Equal(["Member 8"], result.Candidates.Select(c => c.DisplayName));
        var reasons = result.Excluded.ToDictionary(e => e.DisplayName, e => e.Reasons.Select(r => r.Code).ToList());
        Assert.Equal([Matcher.NotActive, Matcher.PrerequisiteMissing], reasons["Member 1"]);
        Assert.Equal([Matcher.NotContactable, Matcher.PrerequisiteMissing], reasons["Member 2"]);
        Assert.Equal([Matcher.LevelBelowRequired, Matcher.PrerequisiteMissing], reasons["Member 3"]);
        Assert.Equal([Matcher.PrerequisiteMissing], reasons["Member 4"]);
        Assert.Contains("lapses on 2027-02-01", result.Excluded.Single(e => e.DisplayName == "Member 5").Reasons[0].Explanation, StringComparison.Ordinal);
        Assert.Equal([Matcher.OverSessionCap], reasons["Member 7"]);
        Assert.False(reasons.ContainsKey("Member 9"));   // not relevant: counted, not listed
        Assert.Equal(2, result.ExclusionCounts.Single(c => c.Code == Matcher.NotActive).Members);
        Assert.Equal(8, result.MembersConsidered);
    }

    [Fact]
    public void Sessions_held_on_the_same_opportunity_do_not_count_against_the_cap()
    {
        var own = Enumerable.Repeat(new CommittedSession(OpportunityId, 2027, 3), 6).ToArray();
        var other = Enumerable.Repeat(new CommittedSession(Guid.NewGuid(), 2027, 3), 5).ToArray();

        var result = Match([Member(1, committed: own), Member(2, committed: other)], Criteria(sessionsInMarch: 1));

        Assert.Equal(["Member 1", "Member 2"], result.Candidates.Select(c => c.DisplayName).Order());
        Assert.Single(Match([Member(2, committed: other)], Criteria(sessionsInMarch: 2)).ExclusionCounts);
    }

    [Fact]
    public void Outreach_adds_consenting_members_of_under_represented_groups_after_the_ranked_places_and_removes_no_one()
    {
        var group = new EqualityGroup("ethnic_category", "ETHNIC_CATEGORY_H_INDIAN");
        var under = new[] { new UnderRepresentedGroup { Question = group.Question, Answer = group.Answer, PoolPercent = 1, PopulationPercent = 5 } };
        var pool = new[]
        {
            Member(1, locality: "canterbury"), Member(2, locality: "canterbury"),
            Member(3, lastInvolved: Today.AddDays(-1), outreach: [group]),
            Member(4, lastInvolved: Today.AddDays(-1)),
            Member(5, level: 1, outreach: [group]),
        };

        var without = Match(pool, limit: 2);
        var with = Match(pool, limit: 2, under: under);

        Assert.Equal(without.Candidates.Select(c => c.MemberId), with.Candidates.Take(2).Select(c => c.MemberId));
        var added = Assert.Single(with.Candidates, c => c.ThroughOutreach);
        Assert.Equal("Member 3", added.DisplayName);
        Assert.Equal(3, added.Rank);
        Assert.Contains("consented", added.OutreachExplanation, StringComparison.Ordinal);
        Assert.True(with.Outreach.Applied);
        Assert.Equal(1, with.Outreach.MembersAdded);
        Assert.False(without.Outreach.Applied);
        Assert.Equal(without.Excluded.Select(e => e.MemberId), with.Excluded.Select(e => e.MemberId));
    }

    [Fact]
    public void Representation_compares_shares_of_those_who_answered_with_the_local_profile()
    {
        var counts = new PoolRepresentation.AnswerCount[]
        {
            new("ethnicCategory", "ETHNIC_CATEGORY_A_WHITE_BRITISH", 90),
            new("ethnicCategory", "ETHNIC_CATEGORY_H_INDIAN", 2),
            new("ethnicCategory", "ETHNIC_CATEGORY_M_CARIBBEAN", 8),
            new("ethnicCategory", "ETHNIC_CATEGORY_Z_NOT_STATED", 50),
            new("sex", "SEX_PREFER_NOT_TO_SAY", 30),
        };
        var population = new Dictionary<string, Dictionary<string, double>>
        {
            ["ethnic_category"] = new() { ["ETHNIC_CATEGORY_H_INDIAN"] = 5, ["ETHNIC_CATEGORY_M_CARIBBEAN"] = 6 },
            ["sex"] = new() { ["SEX_FEMALE"] = 51 },
        };

        var groups = PoolRepresentation.Compare(counts, population, ratio: 0.8);

        var indian = Assert.Single(groups);   // Caribbean is 8% against 6%; nobody gave their sex, so it is unknown
        Assert.Equal("ETHNIC_CATEGORY_H_INDIAN", indian.Answer);
        Assert.Equal(2.0, indian.PoolPercent);
    }
}
