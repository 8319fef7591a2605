using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Participation;

/// <summary>Places given up when a member leaves or is erased, and the reserve who takes a seat that comes free.</summary>
public sealed partial class ParticipantStore
{
    /// <summary>
    /// Refuses to finish leaving or erasure if a place was taken between <see cref="ReleaseAsync"/> and the member's
    /// row being locked (an invitation or interest committed in between); the caller retries and releases it too.
    /// Call with the member's row locked: new places need it too, so none can appear after this check.
    /// </summary>
    public async Task EnsureReleasedAsync(UnitOfWork unit, Guid memberId)
    {
        var held = await unit.QuerySingleOrDefaultAsync<bool>(
            """
            select exists (select 1 from participants p join opportunities o using (opportunity_id)
                           where p.member_id = @memberId and p.state in ('invited', 'interested', 'selected', 'reserve')
                             and o.status in ('draft', 'published'))
            """,
            new { memberId });
        if (held)
        {
            throw new ConcurrencyConflictException("The member was given a place while their places were being released; retry.");
        }
    }

    /// <summary>
    /// A member who leaves or is erased gives up every place they hold on open opportunities: each is withdrawn with
    /// the reason, and a seat they held goes to the longest-waiting eligible reserve. Opportunities are locked in id
    /// order, before the member's row, as every decision does, so this cannot deadlock with one.
    /// </summary>
    public async Task ReleaseAsync(UnitOfWork unit, Guid memberId, string reason)
    {
        var held = await unit.QueryAsync<Guid>(
            """
            select p.opportunity_id from participants p join opportunities o using (opportunity_id)
            where p.member_id = @memberId and p.state in ('invited', 'interested', 'selected', 'reserve') and o.status in ('draft', 'published')
            order by p.opportunity_id
            """,
            new { memberId });
        foreach (var opportunityId in held)
        {
            await opportunities.LockForDecisionAsync(unit, opportunityId);
            var current = await unit.QuerySingleOrDefaultAsync<(string State, long Version)?>(
                "select state, version from participants where opportunity_id = @opportunityId and member_id = @memberId for update",
                new { opportunityId, memberId });
            if (current is not { State: "invited" or "interested" or "selected" or "reserve" } c)
            {
                continue;
            }

            var now = clock.GetUtcNowForDatabase();
            await unit.ExecuteAsync(
                """
                update participants set state = 'withdrawn', withdrawn_from = state, withdrawn_at = @now, withdrawal_reason = @reason, version = version + 1
                where opportunity_id = @opportunityId and member_id = @memberId
                """,
                new { opportunityId, memberId, now = now.UtcDateTime, reason });
            await unit.PublishAsync(new ParticipantWithdrawn(Guid.CreateVersion7(now), now, c.Version + 1, opportunityId, memberId, c.State));
            if (c.State == "selected")
            {
                await PromoteReserveAsync(unit, opportunityId, now);
            }
        }
    }

    /// <summary>
    /// The reserve who has waited longest and is still eligible takes the seat. Reserves who have left, paused, been
    /// erased or lost eligibility are passed over (and keep their place, in case it returns).
    /// </summary>
    private async Task<Participant?> PromoteReserveAsync(UnitOfWork unit, Guid opportunityId, DateTimeOffset now)
    {
        var reserves = await unit.QueryAsync<(Guid MemberId, long Version, DateTime DecidedAt)>(
            """
            select p.member_id, p.version, p.decided_at from participants p join members m on m.member_id = p.member_id
            where p.opportunity_id = @opportunityId and p.state = 'reserve' and m.status = 'active' and m.erased_at is null
            order by p.decided_at, p.member_id for update of p
            """,
            new { opportunityId });
        var opportunity = await opportunities.ReadAsync(unit, opportunityId);
        (Guid MemberId, long Version, DateTime DecidedAt)? chosen = null;
        foreach (var candidate in reserves)
        {
            if ((await eligibility.ExclusionsAsync(opportunity, candidate.MemberId, unit.CancellationToken)).Count == 0)
            {
                chosen = candidate;
                break;
            }
        }

        if (chosen is not { } r)
        {
            return null;
        }

        await unit.ExecuteAsync(
            """
            update participants set state = 'selected', decided_at = @now, version = version + 1,
                decision_reason = @reason
            where opportunity_id = @opportunityId and member_id = @MemberId
            """,
            new { opportunityId, r.MemberId, now = now.UtcDateTime, reason = $"Took a seat from the reserve list (reserve since {r.DecidedAt:yyyy-MM-dd}) when a seat holder stepped back." });
        await unit.PublishAsync(new ParticipantSelected(Guid.CreateVersion7(now), now, r.Version + 1, opportunityId, r.MemberId, "seat", PromotedFromReserve: true));
        return await ReadAsync(unit.Connection, unit.Transaction, opportunityId, r.MemberId);
    }
}
