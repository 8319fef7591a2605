using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Matching;

/// <summary>
/// The one pass over the whole pool a match makes: the same rules as <see cref="Matcher.Exclusions"/>,
/// <see cref="Matcher.Relevance"/> and <see cref="Matcher.Fairness"/>, worked out on the pool's columns with every
/// text comparison turned into an int comparison or a table look-up made once per match. Nothing is explained here:
/// explanations are built afterwards, from the same rules, for the few members the answer lists.
/// </summary>
public static class PoolScan
{
    /// <summary>Days back for which fairness is looked up in a table; anything older is a year or more ago.</summary>
    private const int FairnessDays = 400;

    private static readonly int NotActive = Matcher.Bit(Matcher.NotActive), NotContactable = Matcher.Bit(Matcher.NotContactable),
        LevelBelowRequired = Matcher.Bit(Matcher.LevelBelowRequired), PrerequisiteMissing = Matcher.Bit(Matcher.PrerequisiteMissing),
        OverSessionCap = Matcher.Bit(Matcher.OverSessionCap);

    public static MatchSelection Select(
        MatchCriteria c, PoolColumns pool, IReadOnlyList<UnderRepresentedGroup> underRepresented, MatchSettings settings, DateOnly today,
        int limit, int outreachPlaces)
    {
        var keys = pool.Keys;
        var known = keys.Count;   // read after the snapshot was taken: no member in it has a larger id
        var todayDay = today.DayNumber;
        var neededBy = (c.FirstSessionOn ?? today).DayNumber;
        var recentFrom = today.AddMonths(-18).DayNumber;
        const int Nobody = PoolChunk.None - 1;   // text no member has: equal to no member's id, not even "none"
        var careGroup = keys.IdOf(c.CareGroup, Nobody);
        var locality = keys.IdOf(c.Locality, Nobody);
        var prerequisites = c.Prerequisites.Select(p => keys.IdOf(p, Nobody)).ToArray();
        var isTopic = Lookup(known, c.Topics.Select(t => keys.IdOf(t, Nobody)));
        var topicBits = PoolChunk.Bits(c.Topics.Select(t => keys.IdOf(t, Nobody)).Where(id => id >= 0));
        var concerns = new sbyte[known];   // by service, worked out once per match: 1 concerns the opportunity, -1 does not, 0 not yet
        var inOutreachGroup = Lookup(known, underRepresented.Select(g => keys.IdOf(new EqualityGroup(g.Question, g.Answer), Nobody)));
        var months = c.SessionsPerMonth.Select(p => (Month: PoolChunk.MonthNumber(p.Key.Year, p.Key.Month), Sessions: p.Value)).ToArray();
        var fairness = new int[FairnessDays + 1];
        for (var days = 0; days <= FairnessDays; days++)
        {
            fairness[days] = Matcher.FairnessPoints(today.AddDays(-days), today);
        }

        var levelRequired = c.LevelRequired;
        var ranked = new TopK(limit);
        var outreach = new TopK(outreachPlaces > 0 ? limit + outreachPlaces : 0);
        var excluded = new TopK(limit);
        var counts = new int[Matcher.ExclusionCodes.Count];
        var considered = 0;
        foreach (var chunk in pool.Chunks)
        {
            // Columns in locals: the JIT then keeps them in registers instead of reloading them after every store.
            var (flagsOf, levels, careGroups, localities) = (chunk.Flags, chunk.Levels, chunk.CareGroups, chunk.Localities);
            var (completionStart, completions, validUntilOf, completionBits) = (chunk.CompletionStart, chunk.Completions, chunk.CompletionValidUntil, chunk.CompletionBits);
            var (interestStart, interests, interestBits) = (chunk.InterestStart, chunk.Interests, chunk.InterestBits);
            var (serviceStart, servicesUsed, lastUsed, serviceBits) = (chunk.ServiceStart, chunk.Services, chunk.ServiceLastUsed, chunk.ServiceBits);
            var concerningBits = 0UL;
            foreach (var service in chunk.DistinctServices)
            {
                if (concerns[service] == 0)
                {
                    concerns[service] = Matcher.Concerns(keys.KeyOf(service), c) ? (sbyte)1 : (sbyte)-1;
                }

                concerningBits |= concerns[service] > 0 ? PoolChunk.Bit(service) : 0;
            }

            for (var i = 0; i < flagsOf.Length; i++)
            {
                var flags = flagsOf[i];
                if ((flags & PoolChunk.Present) == 0)
                {
                    continue;
                }

                considered++;
                var exclusions = 0;
                exclusions |= (flags & PoolChunk.Active) == 0 ? NotActive : 0;
                exclusions |= (flags & PoolChunk.Contactable) == 0 ? NotContactable : 0;
                exclusions |= levels[i] < levelRequired ? LevelBelowRequired : 0;
                foreach (var module in prerequisites)
                {
                    // The member's last completion of the module decides, as in Matcher.Exclusions; most who lack it show so in their bits.
                    var validUntil = int.MinValue;
                    for (var j = (completionBits[i] & PoolChunk.Bit(module)) == 0 ? completionStart[i + 1] : completionStart[i]; j < completionStart[i + 1]; j++)
                    {
                        validUntil = completions[j] == module ? validUntilOf[j] : validUntil;
                    }

                    exclusions |= validUntil <= neededBy ? PrerequisiteMissing : 0;
                }

                if ((flags & PoolChunk.HasSessions) != 0)
                {
                    exclusions |= OverCap(chunk, i, c.OpportunityId, months, settings.MonthlySessionCap) ? OverSessionCap : 0;
                }

                var relevance = (careGroups[i] == careGroup ? 3 : 0) + (localities[i] == locality ? 2 : 0);
                // Most members share no topic, and their summary bits say so without reading their interests.
                for (int j = (interestBits[i] & topicBits) == 0 ? interestStart[i + 1] : interestStart[i], shared = 0; j < interestStart[i + 1] && shared < 3; j++)
                {
                    if (isTopic[interests[j]])
                    {
                        shared++;
                        relevance += 2;
                    }
                }

                for (int j = (serviceBits[i] & concerningBits) == 0 ? serviceStart[i + 1] : serviceStart[i], services = 0; j < serviceStart[i + 1] && services < 2; j++)
                {
                    if (concerns[servicesUsed[j]] > 0)
                    {
                        services++;
                        relevance += lastUsed[j] >= recentFrom ? 2 : 1;
                    }
                }

                if (exclusions != 0)
                {
                    for (var bit = 0; bit < counts.Length; bit++)
                    {
                        counts[bit] += (exclusions >> bit) & 1;
                    }

                    if (relevance > 0)
                    {
                        excluded.Offer(relevance, chunk.Ids[i], chunk.Members[i]!);
                    }

                    continue;
                }

                var last = chunk.LastInvolved[i];
                var ago = todayDay - (last - 1);
                var points = last == 0 ? 4 : ago is >= 0 and <= FairnessDays ? fairness[ago] : ago > FairnessDays ? 3 : Matcher.FairnessPoints(DateOnly.FromDayNumber(last - 1), today);
                // Higher score first; then longest since last involved, never involved first (0); then the lower id.
                var key = ((long)(relevance + points) << 32) | (uint.MaxValue - (uint)last);
                ranked.Offer(key, chunk.Ids[i], chunk.Members[i]!);
                if (outreachPlaces > 0 && (flags & PoolChunk.HasGroups) != 0 && InAny(chunk, i, inOutreachGroup))
                {
                    outreach.Offer(key, chunk.Ids[i], chunk.Members[i]!);
                }
            }
        }

        return new MatchSelection(ranked.BestFirst(), outreach.BestFirst(), excluded.BestFirst(), counts, considered);
    }

    private static bool[] Lookup(int known, IEnumerable<int> ids)
    {
        var table = new bool[known];
        foreach (var id in ids)
        {
            if (id >= 0 && id < known)
            {
                table[id] = true;
            }
        }

        return table;
    }

    private static bool OverCap(PoolChunk chunk, int i, Guid opportunityId, (int Month, int Sessions)[] months, int cap)
    {
        foreach (var (month, sessions) in months)
        {
            var held = 0;
            for (var j = chunk.SessionStart[i]; j < chunk.SessionStart[i + 1]; j++)
            {
                held += chunk.SessionMonths[j] == month && chunk.SessionOpportunities[j] != opportunityId ? 1 : 0;
            }

            if (held + sessions > cap)
            {
                return true;
            }
        }

        return false;
    }

    private static bool InAny(PoolChunk chunk, int i, bool[] inGroup)
    {
        for (var j = chunk.GroupStart[i]; j < chunk.GroupStart[i + 1]; j++)
        {
            if (inGroup[chunk.Groups[j]])
            {
                return true;
            }
        }

        return false;
    }
}
