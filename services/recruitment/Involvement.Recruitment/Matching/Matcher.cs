using Involvement.BuildingBlocks.Time;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Schemes;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Matching;

/// <summary>
/// Ranks a pool for an opportunity. Eligibility decides who can be ranked; relevance and fairness decide the order;
/// ties go to whoever was involved longest ago, then to the lower member id, so the same data gives the same list.
/// Equality answers are read only for outreach, and only add people after the ranked places.
/// </summary>
public static class Matcher
{
    public const string NotActive = "not_active";
    public const string NotContactable = "not_contactable";
    public const string LevelBelowRequired = "level_below_required";
    public const string PrerequisiteMissing = "prerequisite_missing";
    public const string TenureEnded = "tenure_ended";
    public const string OverSessionCap = "over_session_cap";

    private static readonly string[] ExclusionCodes = [NotActive, NotContactable, LevelBelowRequired, PrerequisiteMissing, TenureEnded, OverSessionCap];

    public static MatchMembersResponse Match(
        MatchCriteria criteria, IReadOnlyCollection<MatchProfile> pool, IReadOnlyList<UnderRepresentedGroup> underRepresented,
        MatchSettings settings, DateOnly today, int limit)
    {
        var outreachPlaces = underRepresented.Count == 0 ? 0 : Math.Max(1, (int)Math.Round(limit * settings.OutreachShare));
        var outreachGroups = underRepresented.Select(g => (g.Question, g.Answer)).ToHashSet();
        var ranked = new Best(limit);
        var outreach = new Best(limit + outreachPlaces);
        var excluded = new PriorityQueue<MatchProfile, (int Relevance, Guid Id)>(limit + 1, WorstExcludedFirst.Instance);
        var counts = new int[ExclusionCodes.Length];
        var considered = 0;
        foreach (var member in pool)
        {
            considered++;
            var exclusions = Exclusions(member, criteria, settings, today, explain: null);
            if (exclusions != 0)
            {
                for (var i = 0; i < counts.Length; i++)
                {
                    counts[i] += (exclusions >> i) & 1;
                }

                var relevance = Relevance(member, criteria, today, explain: null);
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

            var key = new RankKey(Relevance(member, criteria, today, explain: null) + Fairness(member, today, explain: null), member.LastInvolvedOn, member.MemberId);
            ranked.Offer(member, key);
            if (outreachPlaces > 0 && InAny(member.OutreachGroups, outreachGroups))
            {
                outreach.Offer(member, key);
            }
        }

        var response = new MatchMembersResponse { MembersConsidered = considered };
        var chosen = ranked.BestFirst();
        foreach (var member in chosen)
        {
            response.Candidates.Add(Explain(member, criteria, today, response.Candidates.Count + 1));
        }

        var inRanked = chosen.Select(m => m.MemberId).ToHashSet();
        foreach (var member in outreach.BestFirst().Where(m => !inRanked.Contains(m.MemberId)).Take(outreachPlaces))
        {
            var candidate = Explain(member, criteria, today, response.Candidates.Count + 1);
            candidate.ThroughOutreach = true;
            candidate.OutreachExplanation =
                "Added to widen the invitation list (positive action in outreach): the member belongs to a group under-represented in the pool " +
                "against the local population, and consented to their equality answers being used this way. It gives no advantage in selection.";
            response.Candidates.Add(candidate);
        }

        response.Outreach = Summary(underRepresented, response.Candidates.Count(c => c.ThroughOutreach));
        var worstFirst = new List<MatchProfile>();
        while (excluded.Count > 0)
        {
            worstFirst.Add(excluded.Dequeue());
        }

        foreach (var member in Enumerable.Reverse(worstFirst))
        {
            var e = new ExcludedMember { MemberId = member.MemberId.ToString(), DisplayName = member.DisplayName };
            Exclusions(member, criteria, settings, today, e.Reasons);
            response.Excluded.Add(e);
        }

        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                response.ExclusionCounts.Add(new ExclusionCount { Code = ExclusionCodes[i], Members = counts[i] });
            }
        }

        return response;
    }

    /// <summary>A bit per exclusion code (in <see cref="ExclusionCodes"/> order); 0 when the member is eligible.</summary>
    /// <remarks>Runs for every member of the pool: explanations are only built when asked for (<c>explain?.Add</c> skips its argument).</remarks>
    public static int Exclusions(MatchProfile m, MatchCriteria c, MatchSettings settings, DateOnly today, ICollection<Exclusion>? explain)
    {
        var flags = 0;
        if (m.Status != "active")
        {
            flags |= Bit(NotActive);
            explain?.Add(new Exclusion { Code = NotActive, Explanation = $"The member is {m.Status}; only active members are invited." });
        }

        if (!m.Contactable)
        {
            flags |= Bit(NotContactable);
            explain?.Add(new Exclusion { Code = NotContactable, Explanation = "The member has not consented to invitations on any channel." });
        }

        if (m.Level < c.LevelRequired)
        {
            flags |= Bit(LevelBelowRequired);
            explain?.Add(new Exclusion
            {
                Code = LevelBelowRequired,
                Explanation = $"The member is at level {m.Level} ({Levels.Name(m.Level)}); the opportunity needs level {c.LevelRequired} ({Levels.Name(c.LevelRequired)}) or above.",
            });
        }

        var neededBy = c.FirstSessionOn ?? today;
        for (var i = 0; i < c.Prerequisites.Length; i++)
        {
            var module = c.Prerequisites[i];
            TrainingCompletion? completion = null;
            if ((m.CompletionBits & c.PrerequisiteBits[i]) != 0)
            {
                foreach (var t in m.Completions)
                {
                    completion = t.Module == module ? t : completion;
                }
            }

            if (completion is not { } done)
            {
                flags |= Bit(PrerequisiteMissing);
                explain?.Add(new Exclusion { Code = PrerequisiteMissing, Explanation = $"The member has not completed {module}." });
            }
            else if (done.Expired || done.ExpiresOn <= neededBy)
            {
                flags |= Bit(PrerequisiteMissing);
                explain?.Add(new Exclusion
                {
                    Code = PrerequisiteMissing,
                    Explanation = done.ExpiresOn is { } on
                        ? $"The member's {module} lapses on {on:yyyy-MM-dd}, before the first session ({neededBy:yyyy-MM-dd})."
                        : $"The member's {module} has lapsed.",
                });
            }
        }

        if (m.PatientPartnerSince is { } since && new PatientPartnerTenure(since).EndsBy < today)
        {
            flags |= Bit(TenureEnded);
            explain?.Add(new Exclusion
            {
                Code = TenureEnded, Explanation = $"The member's six-year Patient Partner tenure ended on {new PatientPartnerTenure(since).EndsBy:yyyy-MM-dd}.",
            });
        }

        if (m.CommittedSessions.Length > 0)
        {
            foreach (var (month, sessions) in c.SessionsPerMonth)
            {
                var held = 0;
                foreach (var s in m.CommittedSessions)
                {
                    held += s.OpportunityId != c.OpportunityId && s.Year == month.Year && s.Month == month.Month ? 1 : 0;
                }

                if (held + sessions > settings.MonthlySessionCap)
                {
                    flags |= Bit(OverSessionCap);
                    explain?.Add(new Exclusion
                    {
                        Code = OverSessionCap,
                        Explanation = $"The member already has {held} sessions in {new DateOnly(month.Year, month.Month, 1):MMMM yyyy}; " +
                            $"{sessions} more would pass the cap of {settings.MonthlySessionCap} a month.",
                    });
                }
            }
        }

        return flags;
    }

    /// <summary>Points for what the member and the opportunity have in common.</summary>
    public static int Relevance(MatchProfile m, MatchCriteria c, DateOnly today, ICollection<ScoreReason>? explain)
    {
        var points = 0;
        if (c.CareGroup is not null && m.CareGroup == c.CareGroup)
        {
            points += 3;
            explain?.Add(new ScoreReason { Factor = "care_group", Points = 3, Explanation = $"Uses the opportunity's care group ({c.Spelled(c.CareGroup)})." });
        }

        if (c.Locality is not null && m.Locality == c.Locality)
        {
            points += 2;
            explain?.Add(new ScoreReason { Factor = "locality", Points = 2, Explanation = $"Lives in the opportunity's locality ({c.Spelled(c.Locality)})." });
        }

        var shared = 0;
        foreach (var interest in (m.InterestBits & c.TopicBits) == 0 ? [] : m.Interests)
        {
            if (shared < 3 && Array.IndexOf(c.Topics, interest) >= 0)
            {
                shared++;
                points += 2;
                explain?.Add(new ScoreReason { Factor = "interests", Points = 2, Explanation = $"Interested in {c.Spelled(interest)}, a topic of the opportunity." });
            }
        }

        var services = 0;
        foreach (var s in m.Services)
        {
            if (services < 2 && Concerns(s.Service, c))
            {
                services++;
                var recent = s.LastUsed >= today.AddMonths(-18);
                points += recent ? 2 : 1;
                explain?.Add(new ScoreReason
                {
                    Factor = "services_used", Points = recent ? 2 : 1,
                    Explanation = $"Used {s.Service} (last on {s.LastUsed:yyyy-MM-dd}{(recent ? ", within 18 months" : "")}).",
                });
            }
        }

        return points;
    }

    /// <summary>People involved less recently come first (AWP: some were doing a lot and others nothing).</summary>
    public static int Fairness(MatchProfile m, DateOnly today, ICollection<ScoreReason>? explain)
    {
        if (m.LastInvolvedOn is not { } last)
        {
            explain?.Add(new ScoreReason { Factor = "fairness", Points = 4, Explanation = "Not involved in any session yet." });
            return 4;
        }

        var monthsAgo = ((today.Year - last.Year) * 12) + today.Month - last.Month - (today.Day < last.Day ? 1 : 0);
        var points = monthsAgo >= 12 ? 3 : monthsAgo >= 6 ? 2 : monthsAgo >= 3 ? 1 : 0;
        explain?.Add(new ScoreReason
        {
            Factor = "fairness", Points = points,
            Explanation = $"Last involved on {last:yyyy-MM-dd}, " + points switch
            {
                3 => "12 months or more ago.", 2 => "6 to 12 months ago.", 1 => "3 to 6 months ago.", _ => "within the last 3 months.",
            },
        });
        return points;
    }

    private static Candidate Explain(MatchProfile m, MatchCriteria c, DateOnly today, int rank)
    {
        var candidate = new Candidate
        {
            Rank = rank,
            MemberId = m.MemberId.ToString(),
            DisplayName = m.DisplayName,
            LastInvolvedOn = m.LastInvolvedOn is { } last ? ProtoDates.ToProto(last) : null,
        };
        candidate.Score = Relevance(m, c, today, candidate.Reasons) + Fairness(m, today, candidate.Reasons);
        return candidate;
    }

    private static OutreachSummary Summary(IReadOnlyList<UnderRepresentedGroup> groups, int added)
    {
        var summary = new OutreachSummary { Applied = added > 0, MembersAdded = added };
        summary.Groups.AddRange(groups);
        var named = string.Join("; ", groups.Select(g => $"{g.Question} {g.Answer} ({g.PoolPercent:0.#}% of the pool against {g.PopulationPercent:0.#}% locally)"));
        summary.Explanation = groups.Count == 0
            ? "No group is under-represented in the pool against the local population profile, so the list was not widened."
            : added == 0
                ? $"Under-represented against the local population: {named}. No eligible member outside the ranked places belongs to these groups and consented to outreach."
                : $"Under-represented against the local population: {named}. {added} eligible member(s) from these groups who consented to outreach were added after the ranked places.";
        return summary;
    }

    private static bool InAny(EqualityGroup[] groups, HashSet<(string, string)> underRepresented)
    {
        foreach (var g in groups)
        {
            if (underRepresented.Contains((g.Question, g.Answer)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Concerns(string service, MatchCriteria c)
    {
        if (service == c.CareGroup)
        {
            return true;
        }

        foreach (var topic in c.Topics)
        {
            if (service.Contains(topic, StringComparison.Ordinal) || topic.Contains(service, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static int Bit(string code) => 1 << Array.IndexOf(ExclusionCodes, code);

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
