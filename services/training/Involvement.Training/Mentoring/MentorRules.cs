using Involvement.BuildingBlocks.Errors;

namespace Involvement.Training.Mentoring;

/// <summary>Who may be paired with whom: a mentor within their cap, a member mentee with no other open pairing.</summary>
public static class MentorRules
{
    /// <summary>The cap in force: the mentor's own, else the trust's (Training__MentorCap).</summary>
    public static int CapFor(int? ownCap, int trustCap) => ownCap ?? trustCap;

    /// <summary>
    /// The last day a member who became active on <paramref name="activeSince"/> is a new representative: they are new
    /// for less than <paramref name="months"/> months (31 Jan + 1 month is 28/29 Feb, so new until the day before).
    /// </summary>
    public static DateOnly NewUntil(DateOnly activeSince, int months) => activeSince.AddMonths(months).AddDays(-1);

    public static bool IsNewRepresentative(DateOnly activeSince, int months, DateOnly today) => today <= NewUntil(activeSince, months);

    public static bool HasRoom(int openPairings, int cap) => openPairings < cap;

    /// <summary>Why a pairing cannot start; empty when it can.</summary>
    public static IReadOnlyList<PreconditionViolation> PairingProblems(PairingCandidate c)
    {
        var problems = new List<PreconditionViolation>();
        if (c.MentorId == c.MenteeId)
        {
            problems.Add(new("MENTOR_IS_MENTEE", "mentee_member_id", "A mentor cannot mentor themselves."));
        }

        if (!c.MenteeIsMember)
        {
            problems.Add(new("MENTEE_NOT_A_MEMBER", "mentee_member_id", "Mentees are members; this learner is a member of staff."));
        }

        if (c.MenteeHasOpenPairing)
        {
            problems.Add(new("MENTEE_ALREADY_PAIRED", "mentee_member_id", "The mentee already has an open pairing; end it first."));
        }

        if (!HasRoom(c.MentorOpenPairings, c.MentorCap))
        {
            problems.Add(new("MENTOR_AT_CAP", "mentor_id", $"The mentor already has {c.MentorOpenPairings} open pairings, their cap is {c.MentorCap}."));
        }

        return problems;
    }
}

/// <summary>What decides whether a pairing may start.</summary>
public sealed record PairingCandidate(Guid MentorId, Guid MenteeId, bool MenteeIsMember, bool MenteeHasOpenPairing, int MentorOpenPairings, int MentorCap);
