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
    public const string OverSessionCap = "over_session_cap";

    /// <summary>The exclusion codes in the order of their bits in <see cref="Exclusions"/> and <see cref="MatchSelection.ExclusionCounts"/>.</summary>
    public static IReadOnlyList<string> ExclusionCodes => Codes;

    private static readonly string[] Codes = [NotActive, NotContactable, LevelBelowRequired, PrerequisiteMissing, OverSessionCap];

    public static MatchMembersResponse Match(
        MatchCriteria criteria, IReadOnlyCollection<MatchProfile> pool, IReadOnlyList<UnderRepresentedGroup> underRepresented,
        MatchSettings settings, DateOnly today, int limit) =>
        Match(criteria, PoolColumns.Of(pool), underRepresented, settings, today, limit);

    public static MatchMembersResponse Match(
        MatchCriteria criteria, PoolColumns pool, IReadOnlyList<UnderRepresentedGroup> underRepresented,
        MatchSettings settings, DateOnly today, int limit)
    {
        var outreachPlaces = OutreachPlaces(underRepresented, settings, limit);
        var selection = PoolScan.Select(criteria, pool, underRepresented, settings, today, limit, outreachPlaces);
        return Respond(criteria, selection, underRepresented, settings, today, outreachPlaces);
    }

    /// <summary>Outreach places added after the ranked ones: none when no group is under-represented, else at least one.</summary>
    public static int OutreachPlaces(IReadOnlyList<UnderRepresentedGroup> underRepresented, MatchSettings settings, int limit) =>
        underRepresented.Count == 0 ? 0 : Math.Max(1, (int)Math.Round(limit * settings.OutreachShare));

    /// <summary>The answer for a selection: every listed member explained, outreach places after the ranked ones.</summary>
    public static MatchMembersResponse Respond(
        MatchCriteria criteria, MatchSelection selection, IReadOnlyList<UnderRepresentedGroup> underRepresented, MatchSettings settings,
        DateOnly today, int outreachPlaces)
    {
        var response = new MatchMembersResponse { MembersConsidered = selection.Considered };
        foreach (var member in selection.Ranked)
        {
            response.Candidates.Add(Explain(member, criteria, today, response.Candidates.Count + 1));
        }

        var inRanked = selection.Ranked.Select(m => m.MemberId).ToHashSet();
        foreach (var member in selection.Outreach.Where(m => !inRanked.Contains(m.MemberId)).Take(outreachPlaces))
        {
            var candidate = Explain(member, criteria, today, response.Candidates.Count + 1);
            candidate.ThroughOutreach = true;
            candidate.OutreachExplanation =
                "Added to widen the invitation list (positive action in outreach): the member belongs to a group under-represented in the pool " +
                "against the local population, and consented to their equality answers being used this way. It gives no advantage in selection.";
            response.Candidates.Add(candidate);
        }

        response.Outreach = Summary(underRepresented, response.Candidates.Count(c => c.ThroughOutreach));
        foreach (var member in selection.Excluded)
        {
            var e = new ExcludedMember { MemberId = member.MemberId.ToString(), DisplayName = member.DisplayName };
            Exclusions(member, criteria, settings, today, e.Reasons);
            response.Excluded.Add(e);
        }

        for (var i = 0; i < selection.ExclusionCounts.Length; i++)
        {
            if (selection.ExclusionCounts[i] > 0)
            {
                response.ExclusionCounts.Add(new ExclusionCount { Code = ExclusionCodes[i], Members = selection.ExclusionCounts[i] });
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
        var points = FairnessPoints(m.LastInvolvedOn, today);
        if (m.LastInvolvedOn is not { } last)
        {
            explain?.Add(new ScoreReason { Factor = "fairness", Points = points, Explanation = "Not involved in any session yet." });
            return points;
        }

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

    /// <summary>4 for never involved; 3, 2, 1 or 0 for 12, 6, 3 or fewer whole months since.</summary>
    public static int FairnessPoints(DateOnly? lastInvolvedOn, DateOnly today)
    {
        if (lastInvolvedOn is not { } last)
        {
            return 4;
        }

        var monthsAgo = ((today.Year - last.Year) * 12) + today.Month - last.Month - (today.Day < last.Day ? 1 : 0);
        return monthsAgo >= 12 ? 3 : monthsAgo >= 6 ? 2 : monthsAgo >= 3 ? 1 : 0;
    }

    private static Candidate Explain(MatchProfile m, MatchCriteria c, DateOnly today, int rank)
    {
        var candidate = new Candidate
        {
            Rank = rank,
            MemberId = m.MemberId.ToString(),
            DisplayName = m.DisplayName,
            LastInvolvedOn = ProtoDates.ToProto(m.LastInvolvedOn),
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

    /// <summary>Whether a service a member used is the opportunity's care group or shares text with one of its topics.</summary>
    public static bool Concerns(string service, MatchCriteria c)
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

    internal static int Bit(string code) => 1 << Array.IndexOf(Codes, code);
}
