using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Microsoft.Extensions.Options;

namespace Involvement.Payments.Budgets;

/// <summary>
/// Checks every budget of this and last financial year against the warning shares every
/// <see cref="PaymentsOptions.BudgetCheckInterval"/>: approvals and allocation changes check at once, but fee lines held
/// as attendance arrives also commit money, and this is where their shares are noticed. The thresholds table keeps
/// each share to one event, however many replicas check.
/// </summary>
public sealed partial class BudgetCheckSchedule(
    Db db, BudgetLedger ledger, IOptions<PaymentsOptions> options, TimeProvider clock, ILogger<BudgetCheckSchedule> logger)
    : BackgroundService
{
    /// <summary>Checks now; returns how many shares the budgets have reached (new or not).</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var thisYear = FinancialYear.Of(clock.Today()).StartYear;
        var budgets = await db.QueryAsync<BudgetRow>(
            "select cost_centre, financial_year from budgets where financial_year >= @lastYear", new { lastYear = thisYear - 1 }, cancellationToken);
        if (budgets.Count == 0)
        {
            return 0;
        }

        var reached = await db.InTransactionAsync(
            unit => ledger.CheckAsync(unit, budgets.Select(b => new BudgetKey(b.CostCentre, b.FinancialYear))), cancellationToken);
        return reached.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.BudgetCheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);   // the database may be briefly away; the next tick tries again
            }
        }
    }

    [LoggerMessage(EventId = 2410, EventName = "BudgetCheckFailed", Level = LogLevel.Warning, Message = "Could not check budgets against their warning shares")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    private sealed record BudgetRow(string CostCentre, int FinancialYear);
}
