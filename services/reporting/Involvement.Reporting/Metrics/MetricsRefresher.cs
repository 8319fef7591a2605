using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Disclosure;
using Involvement.Reporting.Periods;
using Microsoft.Extensions.Options;

namespace Involvement.Reporting.Metrics;

/// <summary>
/// Keeps metric_values up to date: every <see cref="ReportingOptions.RefreshInterval"/> it takes the read-model
/// changes noted since the last round and recomputes the families depending on them, for every period from the
/// earliest changed date's financial year to today, publishing only disclosure-controlled figures. It also
/// recomputes everything when it starts and when a new quarter begins (a position at the end of a period moves
/// into the new one). One replica at a time recomputes (an advisory lock), so sequence numbers commit in order.
/// </summary>
public sealed partial class MetricsRefresher(
    Db db,
    MetricCatalog catalog,
    MetricValueStore store,
    DeployedServices deployed,
    IOptions<ReportingOptions> options,
    TimeProvider clock,
    ILogger<MetricsRefresher> logger) : BackgroundService
{
    internal const long LockKey = 0x5245504f52540001;   // "REPORT" + 1: the refresher, and a rebuild while it replaces read models

    private ReportingPeriod? _quarterComputed;

    /// <summary>Raised after a round that changed figures, with the highest sequence written.</summary>
    public event Action? FiguresChanged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, clock);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRefreshFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round; returns how many figures changed. Public for the rebuild command and tests.</summary>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var quarter = ReportingPeriod.QuarterOf(today);
        var changed = await db.InTransactionAsync(async unit =>
        {
            if (!await unit.QuerySingleOrDefaultAsync<bool>("select pg_try_advisory_xact_lock(@LockKey)", new { LockKey }))
            {
                return 0;
            }

            var changes = (await unit.QueryAsync<(string Area, DateOnly AffectsFrom)>(
                "delete from metric_changes returning area, affects_from")).ToList();
            var everything = _quarterComputed != quarter;
            if (changes.Count == 0 && !everything)
            {
                return 0;
            }

            var deployedNow = await deployed.GetAsync(unit);
            var total = 0;
            foreach (var family in catalog.Families)
            {
                var from = everything
                    ? quarter.PreviousQuarter().Start
                    : changes.Where(c => family.DependsOn.Contains(c.Area)).Select(c => (DateOnly?)c.AffectsFrom).Min();
                if (from is { } since)
                {
                    total += await RecomputeAsync(unit, family, ReportingPeriod.StartedSince(since, today), today, deployedNow);
                }
            }

            return total;
        }, cancellationToken);
        _quarterComputed = quarter;
        if (changed > 0)
        {
            FiguresChanged?.Invoke();
        }

        return changed;
    }

    /// <summary>Recomputes every metric for every period since <paramref name="from"/> (the rebuild command).</summary>
    public Task<int> RecomputeAllAsync(DateOnly from, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async unit =>
        {
            await unit.ExecuteAsync("select pg_advisory_xact_lock(@LockKey)", new { LockKey });
            var today = clock.Today();
            var deployedNow = await deployed.GetAsync(unit);
            var total = 0;
            foreach (var family in catalog.Families)
            {
                total += await RecomputeAsync(unit, family, ReportingPeriod.StartedSince(from, today), today, deployedNow);
            }

            return total;
        }, cancellationToken);

    private async Task<int> RecomputeAsync(UnitOfWork unit, IMetricFamily family, IReadOnlyList<ReportingPeriod> periods, DateOnly today, IReadOnlySet<string> deployedNow)
    {
        var published = deployedNow.Contains(family.SourceService)
            ? FigurePublisher.Publish(await family.ComputeAsync(unit, periods, today))
            : [.. family.Metrics.SelectMany(m => periods.Select(p => PublishedFigure.NotDeployed(m.Code, p)))];
        return await store.ReplaceAsync(unit, [.. family.Metrics.Select(m => m.Code)], periods, published);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Recomputing the metrics failed; the next round tries again")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
