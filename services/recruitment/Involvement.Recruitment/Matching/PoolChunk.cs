using System.Runtime.CompilerServices;
using Involvement.Recruitment.Schemes;

namespace Involvement.Recruitment.Matching;

/// <summary>
/// Up to <see cref="Capacity"/> members of the pool, column by column: flat arrays of ints the scan reads in order,
/// lists (interests, services, completions, sessions, groups) packed one after another with a start offset per member.
/// Immutable: a change to one member builds its chunk again (a fraction of a millisecond), so a match in progress
/// keeps reading the chunks it started with and the rest of the pool is shared between snapshots.
/// </summary>
public sealed class PoolChunk
{
    public const int Capacity = 4096;

    /// <summary>A member's <see cref="Flags"/>.</summary>
    public const byte Present = 1, Active = 2, Contactable = 4, HasSessions = 8, HasGroups = 16;

    /// <summary>No such key (a member without a care group, say): matches no key the criteria name.</summary>
    public const int None = -1;

    /// <summary>The members by slot, null where a slot is free; kept for explanations, which only the listed few need.</summary>
    public MatchProfile?[] Members { get; }

    /// <summary>How many slots are taken.</summary>
    public int Count { get; }

    public Guid[] Ids { get; }
    public byte[] Flags { get; }
    public int[] Levels { get; }
    public int[] CareGroups { get; }
    public int[] Localities { get; }


    /// <summary>Day number + 1 of the last session attended; 0 for never, so "never" sorts as longest ago.</summary>
    public int[] LastInvolved { get; }

    public int[] InterestStart { get; }
    public int[] Interests { get; }

    /// <summary>A member's interests as one word (<see cref="Bits"/>): no shared bit with the topics' word, no shared topic.</summary>
    public ulong[] InterestBits { get; }

    public int[] ServiceStart { get; }
    public int[] Services { get; }
    public int[] ServiceLastUsed { get; }

    /// <summary>A member's services as one word (<see cref="Bits"/>).</summary>
    public ulong[] ServiceBits { get; }

    /// <summary>Every service any member of the chunk used, once.</summary>
    public int[] DistinctServices { get; }

    public int[] CompletionStart { get; }
    public int[] Completions { get; }

    /// <summary>A member's completed modules as one word (<see cref="Bits"/>).</summary>
    public ulong[] CompletionBits { get; }

    /// <summary>Day number through which a completion counts: <see cref="int.MinValue"/> when lapsed, <see cref="int.MaxValue"/> when it never expires.</summary>
    public int[] CompletionValidUntil { get; }

    public int[] SessionStart { get; }
    public Guid[] SessionOpportunities { get; }

    /// <summary>Year × 12 + month − 1 of each committed session.</summary>
    public int[] SessionMonths { get; }

    public int[] GroupStart { get; }
    public int[] Groups { get; }

    /// <summary>Builds the columns for these slots, adding any new text to <paramref name="keys"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // runs hot from its first call (the first load, the first match)
    public PoolChunk(MatchProfile?[] slots, KeyTable keys)
    {
        var used = slots.Length;
        while (used > 0 && slots[used - 1] is null)
        {
            used--;
        }

        Members = slots[..used];
        Ids = new Guid[used];
        Flags = new byte[used];
        Levels = new int[used];
        CareGroups = new int[used];
        Localities = new int[used];
        LastInvolved = new int[used];
        InterestStart = new int[used + 1];
        InterestBits = new ulong[used];
        ServiceBits = new ulong[used];
        CompletionBits = new ulong[used];
        ServiceStart = new int[used + 1];
        CompletionStart = new int[used + 1];
        SessionStart = new int[used + 1];
        GroupStart = new int[used + 1];
        Interests = new int[Total(Members, m => m.Interests.Length)];
        Services = new int[Total(Members, m => m.Services.Length)];
        ServiceLastUsed = new int[Services.Length];
        Completions = new int[Total(Members, m => m.Completions.Length)];
        CompletionValidUntil = new int[Completions.Length];
        SessionOpportunities = new Guid[Total(Members, m => m.CommittedSessions.Length)];
        SessionMonths = new int[SessionOpportunities.Length];
        Groups = new int[Total(Members, m => m.OutreachGroups.Length)];
        int interests = 0, services = 0, completions = 0, sessions = 0, groups = 0;
        for (var i = 0; i < used; i++)
        {
            if (Members[i] is { } m)
            {
                Count++;
                Ids[i] = m.MemberId;
                Flags[i] = (byte)(Present | (m.Status == "active" ? Active : 0) | (m.Contactable ? Contactable : 0)
                    | (m.CommittedSessions.Length > 0 ? HasSessions : 0) | (m.OutreachGroups.Length > 0 ? HasGroups : 0));
                Levels[i] = m.Level;
                CareGroups[i] = m.CareGroup is null ? None : keys.Intern(m.CareGroup);
                Localities[i] = m.Locality is null ? None : keys.Intern(m.Locality);
                LastInvolved[i] = m.LastInvolvedOn is { } last ? last.DayNumber + 1 : 0;
                foreach (var interest in m.Interests)
                {
                    Interests[interests] = keys.Intern(interest);
                    InterestBits[i] |= Bit(Interests[interests++]);
                }

                foreach (var s in m.Services)
                {
                    ServiceLastUsed[services] = s.LastUsed.DayNumber;
                    Services[services] = keys.Intern(s.Service);
                    ServiceBits[i] |= Bit(Services[services++]);
                }

                foreach (var c in m.Completions)
                {
                    CompletionValidUntil[completions] = c.Expired ? int.MinValue : c.ExpiresOn?.DayNumber ?? int.MaxValue;
                    Completions[completions] = keys.Intern(c.Module);
                    CompletionBits[i] |= Bit(Completions[completions++]);
                }

                foreach (var s in m.CommittedSessions)
                {
                    SessionMonths[sessions] = MonthNumber(s.Year, s.Month);
                    SessionOpportunities[sessions++] = s.OpportunityId;
                }

                foreach (var g in m.OutreachGroups)
                {
                    Groups[groups++] = keys.Intern(g);
                }
            }

            InterestStart[i + 1] = interests;
            ServiceStart[i + 1] = services;
            CompletionStart[i + 1] = completions;
            SessionStart[i + 1] = sessions;
            GroupStart[i + 1] = groups;
        }

        DistinctServices = [.. Services.Distinct()];
    }

    private static int Total(MatchProfile?[] members, Func<MatchProfile, int> count)
    {
        var total = 0;
        foreach (var m in members)
        {
            total += m is null ? 0 : count(m);
        }

        return total;
    }

    public static int MonthNumber(int year, int month) => (year * 12) + month - 1;

    /// <summary>A set of key ids as one word: equal ids share a bit, so words with no bit in common share no id.</summary>
    public static ulong Bits(IEnumerable<int> ids) => ids.Aggregate(0UL, (bits, id) => bits | Bit(id));

    public static ulong Bit(int id) => 1UL << (id & 63);
}
