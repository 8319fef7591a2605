using Google.Protobuf;
using Involvement.Recruitment.Matching;
using Involvement.Recruitment.V1;

namespace Involvement.UnitTests.Matching;

/// <summary>
/// The column-wise scan must give exactly the answers the member-by-member matcher gave: the same places, scores,
/// reasons and explanations, exclusions and counts, on a generated pool with many opportunities.
/// </summary>
public sealed class ColumnScanTests
{
    private static readonly int[] Limits = [1, 10, 50, 500];

    [Fact]
    public void Ranks_excludes_and_explains_exactly_as_the_reference_matcher()
    {
        var members = GeneratedPool.Members(6000);
        var pool = PoolColumns.Of(members);
        var seen = new HashSet<string>();
        var criteria = GeneratedPool.Criteria(80);
        for (var n = 0; n < criteria.Count; n++)
        {
            var (expected, actual) = Both(criteria[n], members, pool, n);
            Assert.True(expected.Equals(actual), $"opportunity {n}: {Diff(expected, actual)}");
            seen.UnionWith(actual.ExclusionCounts.Select(e => e.Code));
            seen.UnionWith(actual.Candidates.SelectMany(c => c.Reasons).Select(r => r.Factor));
            if (actual.Outreach.Applied)
            {
                seen.Add("outreach");
            }
        }

        // The comparison is only as good as the data: every rule and factor came into play.
        Assert.Superset(new HashSet<string>([.. Matcher.ExclusionCodes, "care_group", "locality", "interests", "services_used", "fairness", "outreach"]), seen);
    }

    [Fact]
    public void A_pool_kept_up_to_date_by_changes_ranks_as_one_built_afresh()
    {
        var members = GeneratedPool.Members(9000);
        var writer = new PoolColumnsWriter();
        writer.Apply(members.Select(m => (m.MemberId, (MatchProfile?)m)));
        var changed = GeneratedPool.Members(3000, seed: 7);
        var left = members.Where((_, i) => i % 5 == 0).ToList();
        var moved = members.Where((_, i) => i % 7 == 1).Zip(changed, (old, update) => Renumbered(update, old.MemberId)).ToList();
        var joined = changed.Skip(moved.Count).ToList();

        var pool = writer.Apply([.. left.Select(m => (m.MemberId, (MatchProfile?)null)), .. moved.Concat(joined).Select(m => (m.MemberId, (MatchProfile?)m))]);

        var now = members.Except(left).Where(m => moved.All(u => u.MemberId != m.MemberId)).Concat(moved).Concat(joined).ToList();
        Assert.Equal(now.Count, pool.Count);
        var criteria = GeneratedPool.Criteria(12, seed: 3);
        for (var n = 0; n < criteria.Count; n++)
        {
            var (expected, actual) = Both(criteria[n], now, pool, n);
            Assert.True(expected.Equals(actual), $"opportunity {n}: {Diff(expected, actual)}");
        }
    }

    private static (MatchMembersResponse Expected, MatchMembersResponse Actual) Both(
        MatchCriteria criteria, List<MatchProfile> members, PoolColumns pool, int n)
    {
        var settings = new MatchSettings(MonthlySessionCap: n % 2 == 0 ? 6 : 3, OutreachShare: n % 3 == 0 ? 0.2 : 0.5);
        var under = GeneratedPool.UnderRepresented(n);
        var today = GeneratedPool.Today.AddDays(n % 4 * 45);
        var limit = Limits[n % Limits.Length];
        return (ReferenceMatcher.Match(criteria, members, under, settings, today, limit), Matcher.Match(criteria, pool, under, settings, today, limit));
    }

    private static MatchProfile Renumbered(MatchProfile m, Guid id) => new(
        id, m.DisplayName, m.Status, m.Level, m.Contactable, m.CareGroup, m.Locality, m.Interests, m.Services,
        m.Completions, m.LastInvolvedOn, m.CommittedSessions, m.OutreachGroups);

    private static string Diff(IMessage expected, IMessage actual)
    {
        var (e, a) = (JsonFormatter.Default.Format(expected), JsonFormatter.Default.Format(actual));
        var at = e.Zip(a).TakeWhile(p => p.First == p.Second).Count();
        return $"first difference at {at}: expected …{e[Math.Max(0, at - 200)..Math.Min(e.Length, at + 200)]}… but got …{a[Math.Max(0, at - 200)..Math.Min(a.Length, at + 200)]}…";
    }
}
