using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;

namespace Involvement.Training.Learners;

/// <summary>A learner as every area refers to one: a member (learner id = member id) or a member of staff.</summary>
public sealed record LearnerRef(Guid LearnerId, string Kind)
{
    public const string Member = "member";
    public const string Staff = "staff";

    public bool IsMember => Kind == Member;
}

/// <summary>
/// Finds the learner a request names. A member becomes a learner the first time training is asked about them, once
/// the member directory knows them (from recruitment's MemberRegistered); staff are registered by hand.
/// </summary>
public static class LearnerDirectory
{
    /// <exception cref="NotFoundException">Neither a known member nor a registered member of staff.</exception>
    public static async Task<LearnerRef> ResolveAsync(UnitOfWork unit, Guid learnerId)
    {
        var kind = await unit.QuerySingleOrDefaultAsync<string>(
            """
            with member as (
                insert into learners (learner_id, kind, version, created_at, created_by, updated_at, updated_by)
                select member_id, 'member', 1, now(), 'member-directory', now(), 'member-directory'
                from known_members where member_id = @learnerId
                on conflict (learner_id) do nothing
                returning kind)
            select kind from member
            union all
            select kind from learners where learner_id = @learnerId
            limit 1
            """,
            new { learnerId });
        // Two first uses at once both insert: the later one's insert waits for the earlier to commit and does nothing,
        // and its select still reads the snapshot from before that commit. A fresh statement sees the committed row.
        kind ??= await unit.QuerySingleOrDefaultAsync<string>("select kind from learners where learner_id = @learnerId", new { learnerId });
        return kind is null
            ? throw new NotFoundException($"No learner {learnerId}: no such member has come from recruitment yet, and no member of staff has this id.")
            : new LearnerRef(learnerId, kind);
    }

    /// <summary>
    /// The learner a change names (an enrolment, a resource given, a facilitator): as <see cref="ResolveAsync"/>,
    /// but an erased member is refused, so nothing new is recorded, or published, about them.
    /// </summary>
    /// <param name="forUpdate">Lock the learner's row for update rather than share (a change that must be the only one
    /// for the learner at a time), so the lock is never upgraded from share to update (which two writers can deadlock on).</param>
    /// <exception cref="NotFoundException">Neither a known member nor a registered member of staff.</exception>
    /// <exception cref="ConflictException">The member was erased.</exception>
    public static async Task<LearnerRef> ResolveForChangeAsync(UnitOfWork unit, Guid learnerId, bool forUpdate = false)
    {
        var learner = await ResolveAsync(unit, learnerId);
        var erased = await unit.QuerySingleOrDefaultAsync<bool>(
            forUpdate
                ? "select erased_at is not null from learners where learner_id = @learnerId for update"
                : "select erased_at is not null from learners where learner_id = @learnerId for share",
            new { learnerId });
        return erased
            ? throw new ConflictException($"Member {learnerId} was erased: nothing more is recorded about them.",
                [new PreconditionViolation("MEMBER_ERASED", learnerId.ToString(), "The member's data was erased at their request.")])
            : learner;
    }
}
