using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Recruitment;
using Involvement.Contracts.Training;

namespace Involvement.Payments.Fees;

/// <summary>
/// What payments keeps of recruitment's opportunities: the cost centre fees are charged to and the UK date of the first
/// publication (a fee never pays less than the rate in force that day). The newest event version wins; the earliest
/// publication date wins, whichever event brought it.
/// </summary>
public sealed class OpportunityStore(FeeLineStore fees, FeeEvaluator evaluator, TimeProvider clock)
{
    /// <param name="publication">OpportunityPublished (its date is the publication date); OpportunityChanged only bounds it until that arrives.</param>
    public async Task ApplyAsync(
        UnitOfWork unit, long version, DateTimeOffset occurredAt, Guid opportunityId, string title, string kind, string costCentre, string rateReference,
        string roleType, IReadOnlyList<OpportunitySession> sessions)
    {
        await FeeLocks.OpportunityAsync(unit, opportunityId);
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        var publishedOn = UkTime.DateOf(occurredAt);
        var applied = await unit.ExecuteAsync(
            """
            insert into opportunities (opportunity_id, title, kind, cost_centre, rate_reference, role_type, published_on, cancelled, event_version, updated_at)
            values (@opportunityId, @title, @kind, @costCentre, @rateReference, @roleType, @publishedOn,
                    exists (select 1 from opportunity_cancellations where opportunity_id = @opportunityId), @version, @now)
            on conflict (opportunity_id) do update
              set title = excluded.title, kind = excluded.kind, cost_centre = excluded.cost_centre, rate_reference = excluded.rate_reference,
                  role_type = excluded.role_type, published_on = least(opportunities.published_on, excluded.published_on),
                  event_version = excluded.event_version, updated_at = excluded.updated_at
              where opportunities.event_version < excluded.event_version
            """,
            new
            {
                opportunityId, title, kind, costCentre = CostCentres.Normalise(string.IsNullOrWhiteSpace(costCentre) ? evaluator.DefaultCostCentre : costCentre),
                rateReference, roleType, publishedOn, version, now,
            });
        // An older event (a publication overtaken by a change) still tells when the opportunity was first published.
        var earlier = await unit.ExecuteAsync(
            "update opportunities set published_on = @publishedOn, updated_at = @now where opportunity_id = @opportunityId and published_on > @publishedOn",
            new { opportunityId, publishedOn, now });
        if (applied == 1)
        {
            await unit.ExecuteAsync(
                """
                delete from opportunity_sessions where opportunity_id = @opportunityId and session_id <> all (@ids);
                insert into opportunity_sessions (session_id, opportunity_id, starts_at, ends_at)
                select * from unnest(@ids, @opportunityIds, @starts, @ends)
                on conflict (session_id) do update set starts_at = excluded.starts_at, ends_at = excluded.ends_at
                """,
                new
                {
                    opportunityId, ids = sessions.Select(s => s.SessionId).ToArray(), opportunityIds = sessions.Select(_ => opportunityId).ToArray(),
                    starts = sessions.Select(s => s.StartsAt.UtcDateTime).ToArray(), ends = sessions.Select(s => s.EndsAt.UtcDateTime).ToArray(),
                });
        }

        if (applied == 1 || earlier == 1)
        {
            await fees.ReevaluateOpportunityAsync(unit, opportunityId);
        }
    }

    /// <summary>
    /// A paid training session, as the opportunity its fee lines belong to: its id is the session's, its title the
    /// module's code, and it has no publication date, so each fee is priced by the rate in force on the session's date
    /// (training offers no rate ahead of time the way a published opportunity does). Written once, by the first of the
    /// session's attendances to arrive; they all carry the same cost centre.
    /// </summary>
    public async Task ApplyTrainingSessionAsync(UnitOfWork unit, TrainingAttendanceRecorded e) =>
        await unit.ExecuteAsync(
            """
            insert into opportunities (opportunity_id, title, kind, cost_centre, rate_reference, role_type, published_on, cancelled, event_version, updated_at)
            values (@SessionId, @ModuleCode, 'training', @costCentre, @RateReference, @role, null, false, @AggregateVersion, @now)
            on conflict (opportunity_id) do nothing
            """,
            new
            {
                e.SessionId, e.ModuleCode, costCentre = CostCentres.Normalise(string.IsNullOrWhiteSpace(e.CostCentre) ? evaluator.DefaultCostCentre : e.CostCentre),
                e.RateReference, role = FeeAttendance.Trainee, e.AggregateVersion, now = clock.GetUtcNowForDatabase().UtcDateTime,
            });

    /// <summary>
    /// Marks a published opportunity cancelled, remembering the cancellation in case its publication has not arrived
    /// yet. Fees already recorded stand (recruitment refuses to cancel once a session has run).
    /// </summary>
    public async Task CancelAsync(UnitOfWork unit, Guid opportunityId, long version, bool wasPublished)
    {
        if (!wasPublished)
        {
            return;   // never offered to members: payments has nothing of it
        }

        await FeeLocks.OpportunityAsync(unit, opportunityId);
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        await unit.ExecuteAsync(
            """
            insert into opportunity_cancellations (opportunity_id, event_version, cancelled_at) values (@opportunityId, @version, @now)
            on conflict (opportunity_id) do nothing;
            update opportunities set cancelled = true, updated_at = @now where opportunity_id = @opportunityId;
            """,
            new { opportunityId, version, now });
    }
}
