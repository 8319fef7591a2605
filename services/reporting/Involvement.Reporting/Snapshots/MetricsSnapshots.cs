using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Reporting;
using Involvement.Reporting.Periods;
using Microsoft.Extensions.Options;

namespace Involvement.Reporting.Snapshots;

/// <summary>
/// Sends MetricsSnapshotPublished through reporting's outbox: every <see cref="ReportingOptions.SnapshotInterval"/>
/// for the current quarter, and once in the first round after a quarter ends, for that quarter. A row in
/// metric_snapshots keyed by (reason, slot) is inserted in the same transaction as the event, so each interval and
/// each quarter end is sent exactly once however many replicas run. Figures are read from metric_values only: what
/// leaves is disclosure-controlled.
/// </summary>
public sealed partial class MetricsSnapshots(Db db, IOptions<ReportingOptions> options, TimeProvider clock, ILogger<MetricsSnapshots> logger) : BackgroundService
{
    public const string Scheduled = "scheduled";
    public const string QuarterEnd = "quarter_end";
    public const string Requested = "requested";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SnapshotInterval;
        var check = TimeSpan.FromTicks(Math.Clamp(interval.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromMinutes(1).Ticks));
        using var timer = new PeriodicTimer(check, clock);
        // Give the refresher's first round (everything since the previous quarter) time to store figures first.
        await Task.Delay(options.Value.RefreshInterval * 4, clock, stoppingToken);
        do
        {
            try
            {
                await RoundAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSnapshotFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round: the quarter that ended (once), and this interval's scheduled snapshot (once). Public for tests.</summary>
    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var current = ReportingPeriod.QuarterOf(UkTime.DateOf(now));
        var ended = current.PreviousQuarter();
        await PublishOnceAsync(ended, QuarterEnd, $"{ended.FinancialYear}Q{ended.Quarter}", cancellationToken);
        var slot = now.ToUnixTimeMilliseconds() / (long)options.Value.SnapshotInterval.TotalMilliseconds;
        await PublishOnceAsync(current, Scheduled, slot.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
    }

    /// <summary>A snapshot of <paramref name="period"/> sent because someone asked (every call sends one).</summary>
    public Task<bool> PublishRequestedAsync(ReportingPeriod period, CancellationToken cancellationToken) =>
        PublishOnceAsync(period, Requested, Guid.CreateVersion7().ToString(), cancellationToken);

    private Task<bool> PublishOnceAsync(ReportingPeriod period, string reason, string slot, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async unit =>
        {
            var eventId = Guid.CreateVersion7();
            var claimed = await unit.ExecuteAsync(
                """
                insert into metric_snapshots (reason, slot, financial_year, quarter, event_id, published_at)
                values (@reason, @slot, @FinancialYear, @Quarter, @eventId, now()) on conflict do nothing
                """,
                new { reason, slot, period.FinancialYear, period.Quarter, eventId });
            if (claimed == 0)
            {
                return false;
            }

            var figures = (await unit.QueryAsync<(string Metric, string CareGroup, string Category, string Status, string Value, long Sequence)>(
                """
                select metric, care_group, category, status, value, sequence from metric_values
                where financial_year = @FinancialYear and quarter = @Quarter
                order by metric, care_group, category
                """,
                new { period.FinancialYear, period.Quarter })).ToList();
            await unit.PublishAsync(new MetricsSnapshotPublished(
                eventId,
                clock.GetUtcNow(),
                Math.Max(1, figures.Count == 0 ? 0 : figures.Max(f => f.Sequence)),
                period.FinancialYear,
                period.Quarter,
                reason,
                [.. figures.Select(f => new SnapshotFigure(f.Metric, f.CareGroup, f.Category, f.Status, f.Value))]));
            return true;
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing a metrics snapshot failed; the next round tries again")]
    private static partial void LogSnapshotFailed(ILogger logger, Exception exception);
}
