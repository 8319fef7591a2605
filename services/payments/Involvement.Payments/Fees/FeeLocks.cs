using Involvement.BuildingBlocks.Data;

namespace Involvement.Payments.Fees;

/// <summary>
/// Transaction-scoped advisory locks that keep fee evaluation consistent when events and RPCs race: everything that
/// evaluates a member's fees holds that member's lock, so a month is evaluated by one transaction at a time, and a
/// writer that changes what pricing reads (a rate card, an opportunity) holds its lock exclusively while fee consumers
/// hold it shared, so no line is priced from the state before a change and then missed by the change's re-evaluation.
/// Always taken in the order opportunity, rate card, members (sorted), so they cannot deadlock.
/// </summary>
public static class FeeLocks
{
    /// <summary>
    /// The locks a fee line's own evaluation needs: its opportunity and card shared, its member exclusive. (Recording a
    /// line takes the same three inside its insert, to save a round trip: FeeLineStore.LockAndInsertAsync.)
    /// </summary>
    public static Task ForLineAsync(UnitOfWork unit, Guid opportunityId, string rateReference, Guid memberId) =>
        unit.ExecuteAsync(
            """
            select pg_advisory_xact_lock_shared(hashtextextended('opportunity:' || @opportunityId, 0)),
                   pg_advisory_xact_lock_shared(hashtextextended('rate:' || @rateReference, 0)),
                   pg_advisory_xact_lock(hashtextextended('member:' || @memberId, 0))
            """,
            new { opportunityId = opportunityId.ToString(), rateReference, memberId = memberId.ToString() });

    public static Task OpportunityAsync(UnitOfWork unit, Guid opportunityId) =>
        unit.ExecuteAsync("select pg_advisory_xact_lock(hashtextextended('opportunity:' || @id, 0))", new { id = opportunityId.ToString() });

    public static Task RateCardAsync(UnitOfWork unit, string rateReference) =>
        unit.ExecuteAsync("select pg_advisory_xact_lock(hashtextextended('rate:' || @rateReference, 0))", new { rateReference });

    /// <summary>Members' locks, in id order.</summary>
    public static Task MembersAsync(UnitOfWork unit, IEnumerable<Guid> memberIds) =>
        unit.ExecuteAsync(
            "select pg_advisory_xact_lock(hashtextextended('member:' || m::text, 0)) from (select m from unnest(@ids) as m order by m) as sorted",
            new { ids = memberIds.Distinct().ToArray() });
}
