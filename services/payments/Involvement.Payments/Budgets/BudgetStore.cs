using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Money;
using Involvement.Contracts.Payments;

namespace Involvement.Payments.Budgets;

/// <summary>Budgets: the allocation per cost centre and financial year, changed only at the version last read.</summary>
public sealed class BudgetStore(BudgetLedger ledger, TimeProvider clock)
{
    /// <summary>
    /// Creates the budget (expected version 0) or changes its allocation, publishing BudgetAllocated; returns it and the
    /// shares now reached.
    /// </summary>
    public async Task<(BudgetRecord Budget, IReadOnlyList<BudgetShareReached> Warnings)> SetAsync(
        UnitOfWork unit, BudgetKey key, Pence allocated, long expectedVersion, string actor)
    {
        var now = clock.GetUtcNowForDatabase();
        var current = await unit.QuerySingleOrDefaultAsync<long?>(
            "select version from budgets where cost_centre = @CostCentre and financial_year = @FinancialYear for update", key);
        if (current is null && expectedVersion > 0)
        {
            throw new NotFoundException($"Cost centre {key.CostCentre} has no budget for {Year(key)}; send expected_version 0 to create it.");
        }

        if (current is { } version)
        {
            Versions.EnsureCurrent($"The budget of {key.CostCentre} for {Year(key)}", version, expectedVersion);
        }

        var written = await unit.QuerySingleOrDefaultAsync<BudgetRecord>(
            """
            insert into budgets (cost_centre, financial_year, allocated_pence, version, updated_at, updated_by)
            values (@CostCentre, @FinancialYear, @allocated, 1, @now, @actor)
            on conflict (cost_centre, financial_year) do update
                set allocated_pence = excluded.allocated_pence, version = budgets.version + 1, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by
                where budgets.version = @expectedVersion
            returning cost_centre, financial_year, allocated_pence, version, updated_at, updated_by
            """,
            new { key.CostCentre, key.FinancialYear, allocated = allocated.Value, now = now.UtcDateTime, actor, expectedVersion })
            ?? throw new ConcurrencyConflictException(
                $"The budget of {key.CostCentre} for {Year(key)} was created by someone else just now. Read it and retry with its version.");
        // Reporting works out the share of each budget used from the allocation.
        await unit.PublishAsync(new BudgetAllocated(Guid.CreateVersion7(now), now, written.Version, written.CostCentre, written.FinancialYear, written.AllocatedPence));
        return (written, await ledger.CheckAsync(unit, [key]));
    }

    private static string Year(BudgetKey key) => new BuildingBlocks.Time.FinancialYear(key.FinancialYear).ToString();
}

/// <summary>A budget as stored.</summary>
public sealed record BudgetRecord(string CostCentre, int FinancialYear, long AllocatedPence, long Version, DateTime UpdatedAt, string UpdatedBy);
