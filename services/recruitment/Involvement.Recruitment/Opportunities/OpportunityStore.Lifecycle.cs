using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Opportunities;

/// <summary>Who runs an opportunity, and how it ends: closed once it has run its course, or cancelled before.</summary>
public sealed partial class OpportunityStore
{
    public async Task<Opportunity> AssignOwnerAsync(UnitOfWork unit, Guid opportunityId, long expectedVersion, string owner)
    {
        var current = await LockAsync(unit, opportunityId, expectedVersion, actingLead: null);
        EnsureOpen(current.Status, "reassigned");
        await unit.ExecuteAsync(
            "update opportunities set owner = @owner, updated_at = @now, version = version + 1 where opportunity_id = @opportunityId",
            new { opportunityId, owner, now = clock.GetUtcNowForDatabase().UtcDateTime });
        return await ReadAsync(unit, opportunityId);
    }

    public async Task<Opportunity> CloseAsync(UnitOfWork unit, Guid opportunityId, long expectedVersion, string? actingLead)
    {
        var current = await LockAsync(unit, opportunityId, expectedVersion, actingLead);
        if (current.Status != Published)
        {
            throw new ConflictException($"Only a published opportunity can be closed; this one is {current.Status}.");
        }

        var now = clock.GetUtcNowForDatabase();
        await unit.ExecuteAsync(
            "update opportunities set status = 'closed', closed_at = @now, updated_at = @now, version = version + 1 where opportunity_id = @opportunityId",
            new { opportunityId, now = now.UtcDateTime });
        var opportunity = await ReadAsync(unit, opportunityId);
        await unit.PublishAsync(new OpportunityClosed(Guid.CreateVersion7(now), now, opportunity.Version, opportunityId, opportunity.SeatsFilled,
            opportunity.Sessions.Count(s => s.StartsAt.ToDateTimeOffset() <= now)));
        return opportunity;
    }

    public async Task<Opportunity> CancelAsync(UnitOfWork unit, Guid opportunityId, long expectedVersion, string reason, string? actingLead)
    {
        var current = await LockAsync(unit, opportunityId, expectedVersion, actingLead);
        EnsureOpen(current.Status, "cancelled");
        var now = clock.GetUtcNowForDatabase();
        if (await unit.QuerySingleOrDefaultAsync<bool>(
                "select exists (select 1 from opportunity_sessions where opportunity_id = @opportunityId and starts_at <= @now)",
                new { opportunityId, now = now.UtcDateTime }))
        {
            // Sessions that went ahead are paid for from their attendance: close the opportunity instead.
            throw new ConflictException("A session has already taken place; close the opportunity instead, so its attendance can still be recorded.");
        }

        await unit.ExecuteAsync(
            """
            update opportunities set status = 'cancelled', cancelled_at = @now, cancellation_reason = @reason, updated_at = @now, version = version + 1
            where opportunity_id = @opportunityId
            """,
            new { opportunityId, reason, now = now.UtcDateTime });
        var opportunity = await ReadAsync(unit, opportunityId);
        await unit.PublishAsync(new OpportunityCancelled(Guid.CreateVersion7(now), now, opportunity.Version, opportunityId, current.Status == Published));
        return opportunity;
    }
}
