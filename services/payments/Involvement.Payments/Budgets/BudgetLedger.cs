using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Money;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Payments;
using Involvement.Payments.Claims;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Involvement.Payments.Budgets;

/// <summary>
/// Spending against budgets, and the warning shares it reaches. Approving a claim and changing an allocation call
/// <see cref="CheckAsync"/> in their own transaction (fee lines held as attendance arrives are caught by
/// <see cref="BudgetCheckSchedule"/>): the first time a budget reaches a share, a row in budget_thresholds_reached (whose
/// key makes it once) and BudgetThresholdReached are written with the change.
/// </summary>
/// <remarks>
/// Spending counts in the financial year of the session (fees) or the day the expense was incurred. Committed:
/// payable fees and expenses of approved claims and claims in an unconfirmed run, and fee lines held for a reason.
/// Paid: claims paid in a confirmed run. Travel the trust booked itself reimburses the member nothing but is charged to
/// the budget all the same, with its claim.
/// </remarks>
public sealed class BudgetLedger(Db db, TimeProvider clock, IOptions<PaymentsOptions> options)
{
    /// <summary>Every line that spends, with its cost centre, date and stage (committed or paid).</summary>
    private static readonly string SpendingLines =
        $"""
        select f.cost_centre, f.session_date as spent_on, f.amount_pence, coalesce(c.state = 'paid', false) as paid
        from fee_lines f left join claims c on c.claim_id = f.claim_id
        where f.state = 'held' or (f.state = 'payable' and c.state in {ClaimStates.Sql(ClaimStates.Settled)})
        union all
        select e.cost_centre, e.incurred_on, e.amount_pence, c.state = 'paid'
        from expense_lines e join claims c on c.claim_id = e.claim_id
        where c.state in {ClaimStates.Sql(ClaimStates.Settled)}
        """;

    private static readonly string Standings =
        $"""
        with spending as (
            select cost_centre, coalesce(sum(amount_pence) filter (where not paid), 0)::bigint as committed,
                coalesce(sum(amount_pence) filter (where paid), 0)::bigint as paid
            from ({SpendingLines}) lines
            where spent_on between @start and @end and (@costCentres::text[] is null or cost_centre = any(@costCentres))
            group by cost_centre
        ), budget as (
            select cost_centre, allocated_pence, version from budgets
            where financial_year = @year and (@costCentres::text[] is null or cost_centre = any(@costCentres))
        )
        select coalesce(b.cost_centre, s.cost_centre) as cost_centre, b.cost_centre is not null as budget_set,
            coalesce(b.allocated_pence, 0) as allocated, coalesce(s.committed, 0) as committed, coalesce(s.paid, 0) as paid,
            coalesce(b.version, 0) as version
        from budget b full join spending s on s.cost_centre = b.cost_centre
        order by 1
        """;

    public IReadOnlyList<int> WarningPercents => options.Value.WarningPercents;

    /// <summary>Every cost centre with a budget or spending in the year, or only those named.</summary>
    public async Task<IReadOnlyList<BudgetStanding>> StandingsAsync(int financialYear, IReadOnlyList<string>? costCentres, CancellationToken cancellationToken)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken);
        return await StandingsAsync(connection, null, financialYear, costCentres, cancellationToken);
    }

    /// <summary>
    /// Records the warning shares the named budgets have reached (publishing BudgetThresholdReached the first time for
    /// each budget and share) and returns every share reached, for the caller to show.
    /// </summary>
    public async Task<IReadOnlyList<BudgetShareReached>> CheckAsync(UnitOfWork unit, IEnumerable<BudgetKey> keys)
    {
        var warnings = new List<BudgetShareReached>();
        var ordered = BudgetRules.LockOrder(keys);
        if (ordered.Count == 0)
        {
            return warnings;
        }

        // Two approvals charging one budget at once take turns here, so the second counts the first's spending (each
        // statement after the lock sees what the other committed). Every budget is locked in one statement, in one
        // order for every caller, so two transactions never hold one budget each while waiting for the other's.
        await unit.ExecuteAsync(
            """
            select 1 from budgets b
            join unnest(@years::int[], @costCentres::text[]) as k(financial_year, cost_centre)
              on b.financial_year = k.financial_year and b.cost_centre = k.cost_centre
            order by b.financial_year, b.cost_centre collate "C"
            for update of b
            """,
            new { years = ordered.Select(k => k.FinancialYear).ToArray(), costCentres = ordered.Select(k => k.CostCentre).ToArray() });
        foreach (var year in ordered.GroupBy(k => k.FinancialYear))
        {
            var standings = await StandingsAsync(unit.Connection, unit.Transaction, year.Key, [.. year.Select(k => k.CostCentre)], unit.CancellationToken);
            foreach (var standing in standings.Where(s => s.BudgetSet))
            {
                foreach (var percent in BudgetRules.SharesReached(standing.Allocated, standing.Spent, WarningPercents))
                {
                    warnings.Add(new BudgetShareReached(standing.Key, percent, standing.Allocated, standing.Committed, standing.Paid));
                    await RecordAsync(unit, standing, percent);
                }
            }
        }

        return warnings;
    }

    /// <summary>The budget warnings a claim's approval raises, for each cost centre and year its lines are charged to.</summary>
    public async Task<IReadOnlyList<BudgetShareReached>> CheckClaimAsync(UnitOfWork unit, Guid claimId)
    {
        var charged = await unit.QueryAsync<ChargedLine>(
            """
            select distinct cost_centre, session_date as spent_on from fee_lines where claim_id = @claimId
            union
            select distinct cost_centre, incurred_on from expense_lines where claim_id = @claimId
            """,
            new { claimId });
        return await CheckAsync(unit, charged.Select(c => new BudgetKey(c.CostCentre, FinancialYear.Of(c.SpentOn).StartYear)));
    }

    private async Task RecordAsync(UnitOfWork unit, BudgetStanding standing, int percent)
    {
        var now = clock.GetUtcNowForDatabase();
        var first = await unit.ExecuteAsync(
            """
            insert into budget_thresholds_reached (cost_centre, financial_year, percent, reached_at)
            values (@CostCentre, @FinancialYear, @percent, @now)
            on conflict do nothing
            """,
            new { standing.Key.CostCentre, standing.Key.FinancialYear, percent, now = now.UtcDateTime });
        if (first == 1)
        {
            await unit.PublishAsync(new BudgetThresholdReached(Guid.CreateVersion7(now), now, standing.Version, standing.Key.CostCentre,
                standing.Key.FinancialYear, percent, standing.Allocated.Value, standing.Committed.Value, standing.Paid.Value));
        }
    }

    private static async Task<IReadOnlyList<BudgetStanding>> StandingsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, int financialYear, IReadOnlyList<string>? costCentres, CancellationToken cancellationToken)
    {
        var year = new FinancialYear(financialYear);
        var rows = await connection.QueryAsync<StandingRow>(new CommandDefinition(Standings,
            new { start = year.Start, end = year.End, year = financialYear, costCentres = costCentres?.ToArray() }, transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new BudgetStanding(new BudgetKey(r.CostCentre, financialYear), r.BudgetSet, new Pence(r.Allocated),
            new Pence(r.Committed), new Pence(r.Paid), r.Version))];
    }

    private sealed class ChargedLine
    {
        public string CostCentre { get; init; } = "";
        public DateOnly SpentOn { get; init; }
    }

    private sealed record StandingRow(string CostCentre, bool BudgetSet, long Allocated, long Committed, long Paid, long Version);
}
