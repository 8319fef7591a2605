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
/// The matcher as it was before the pool went column-wise: one object per member, each judged by
/// <see cref="Matcher.Exclusions"/>, <see cref="Matcher.Relevance"/> and <see cref="Matcher.Fairness"/> directly, kept
/// in priority queues. Kept here, for tests only, as the definition the column scan must agree with exactly.
/// Also compiled into the benchmark tool, which times both.
/// </summary>
public static class ReferenceMatcher
{
    public static MatchMembersResponse Match(
        MatchCriteria criteria, IReadOnlyCollection<MatchProfile> pool, IReadOnlyList<UnderRepresentedGroup> underRepresented,
        MatchSettings settings, DateOnly today, int limit)
    {
        var outreachPlaces = Matcher.OutreachPlaces(underRepresented, settings, limit);
        return Matcher.Respond(criteria, Select(criteria, pool, underRepresented, settings, today, limit, outreachPlaces), underRepresented, settings, today, outreachPlaces);
    }

    public static MatchSelection Select(
        MatchCriteria criteria, IReadOnlyCollection<MatchProfile> pool, IReadOnlyList<UnderRepresentedGroup> underRepresented,
        MatchSettings settings, DateOnly today, int limit, int outreachPlaces)
    {
        var outreachGroups = underRepresented.Select(g => (g.Question, g.Answer)).ToHashSet();
        var ranked = new Best(limit);
        var outreach = new Best(limit + outreachPlaces);
        var excluded = new PriorityQueue<MatchProfile, (int Relevance, Guid Id)>(limit + 1, WorstExcludedFirst.Instance);
        var counts = new int[Matcher.ExclusionCodes.Count];
        var considered = 0;
        foreach (var member in pool)
        {
            considered++;
            var exclusions = Matcher.Exclusions(member, criteria, settings, today, explain: null);
            if (exclusions != 0)
            {
                for (var i = 0; i < counts.Length; i++)
                {
                    counts[i] += (exclusions >> i) & 1;
                }

                var relevance = Matcher.Relevance(member, criteria, today, explain: null);
                if (relevance > 0)
                {
                    excluded.Enqueue(member, (relevance, member.MemberId));
                    if (excluded.Count > limit)
                    {
                        excluded.Dequeue();
                    }
                }

                continue;
            }

            var key = new RankKey(Matcher.Relevance(member, criteria, today, explain: null) + Matcher.Fairness(member, today, explain: null), member.LastInvolvedOn, member.MemberId);
            ranked.Offer(member, key);
            if (outreachPlaces > 0 && member.OutreachGroups.Any(g => outreachGroups.Contains((g.Question, g.Answer))))
            {
                outreach.Offer(member, key);
            }
        }

        var worstFirst = new List<MatchProfile>();
        while (excluded.Count > 0)
        {
            worstFirst.Add(excluded.Dequeue());
        }

        worstFirst.Reverse();
        return new MatchSelection(ranked.BestFirst(), outreach.BestFirst(), worstFirst, counts, considered);
    }

    /// <summary>Place in the ranking: higher score, then longest since last involved (never first), then lower id.</summary>
    private readonly record struct RankKey(int Score, DateOnly? LastInvolvedOn, Guid MemberId) : IComparable<RankKey>
    {
        /// <summary>Negative when this key ranks above the other.</summary>
        public int CompareTo(RankKey other)
        {
            if (Score != other.Score)
            {
                return other.Score.CompareTo(Score);
            }

            if (LastInvolvedOn != other.LastInvolvedOn)
            {
                return LastInvolvedOn is null ? -1 : other.LastInvolvedOn is null ? 1 : LastInvolvedOn.Value.CompareTo(other.LastInvolvedOn.Value);
            }

            return MemberId.CompareTo(other.MemberId);
        }
    }

    /// <summary>The best <c>size</c> members seen, kept in a heap whose top is the worst of them.</summary>
    private sealed class Best(int size)
    {
        private readonly PriorityQueue<MatchProfile, RankKey> _heap = new(size + 1, Comparer<RankKey>.Create((a, b) => b.CompareTo(a)));

        public void Offer(MatchProfile member, RankKey key)
        {
            if (_heap.Count < size)
            {
                _heap.Enqueue(member, key);
            }
            else if (size > 0 && _heap.TryPeek(out _, out var worst) && key.CompareTo(worst) < 0)
            {
                _heap.EnqueueDequeue(member, key);
            }
        }

        public List<MatchProfile> BestFirst()
        {
            var items = _heap.UnorderedItems.ToList();
            items.Sort((a, b) => a.Priority.CompareTo(b.Priority));
            return items.Select(i => i.Element).ToList();
        }
    }

    private sealed class WorstExcludedFirst : IComparer<(int Relevance, Guid Id)>
    {
        public static readonly WorstExcludedFirst Instance = new();

        public int Compare((int Relevance, Guid Id) a, (int Relevance, Guid Id) b) =>
            a.Relevance != b.Relevance ? a.Relevance.CompareTo(b.Relevance) : b.Id.CompareTo(a.Id);
    }
}
