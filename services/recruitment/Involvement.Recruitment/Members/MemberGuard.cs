using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;

namespace Involvement.Recruitment.Members;

/// <summary>
/// Every write about a member passes here first: the member must exist and must not have been erased. The shared
/// row lock orders a write and an erasure of the same member one after the other, so nothing slips in behind an
/// erasure (and the outbox trigger refuses any event that tries).
/// </summary>
public static class MemberGuard
{
    /// <summary>Locks the member's row for this transaction and returns their status.</summary>
    public static async Task<string> LockWritableAsync(UnitOfWork unit, Guid memberId)
    {
        var row = await unit.QuerySingleOrDefaultAsync<(string Status, DateTime? ErasedAt)?>(
            "select status, erased_at from members where member_id = @memberId for share", new { memberId })
            ?? throw new NotFoundException($"No member has id {memberId}.");
        if (row.ErasedAt is not null)
        {
            throw Erased(memberId);
        }

        return row.Status;
    }

    public static ConflictException Erased(Guid memberId) =>
        new($"Member {memberId}'s personal data has been erased; nothing more can be recorded about them.",
            [new PreconditionViolation("MEMBER_ERASED", memberId.ToString(), "The member's personal data has been erased.")]);
}
