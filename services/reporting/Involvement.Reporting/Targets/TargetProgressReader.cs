using Involvement.BuildingBlocks.Data;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using Involvement.Reporting.V1;
using MetricDefinition = Involvement.Reporting.Metrics.MetricDefinition;

namespace Involvement.Reporting.Targets;

/// <summary>
/// Progress towards the targets of the metrics GetMetrics returns, judged on the published whole-trust figures. A
/// flow's actual is its year-to-date count: the year's figure while the year runs or once it ended, else (a past
/// quarter) the sum of the year's quarters up to it.
/// </summary>
public sealed class TargetProgressReader(Db db, TargetStore targets)
{
    public async Task<IReadOnlyDictionary<string, TargetProgress>> ForAsync(
        IReadOnlyList<MetricDefinition> metrics, ReportingPeriod period, DateOnly today, CancellationToken cancellationToken)
    {
        var codes = metrics.Select(m => m.Code).ToArray();
        var set = (await targets.ListAsync(period.FinancialYear, codes.Length == 0 ? [] : codes, cancellationToken))
            .GroupBy(t => t.MetricCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        if (set.Count == 0)
        {
            return new Dictionary<string, TargetProgress>();
        }

        var figures = (await db.QueryAsync<(string Metric, int Quarter, string Status, double? Number)>(
            """
            select metric, quarter, status, number from metric_values
            where metric = any(@metrics) and financial_year = @FinancialYear and care_group = '' and category = ''
            """,
            new { metrics = set.Keys.ToArray(), period.FinancialYear },
            cancellationToken))
            .ToLookup(f => f.Metric, StringComparer.Ordinal);
        var result = new Dictionary<string, TargetProgress>(StringComparer.Ordinal);
        foreach (var m in metrics.Where(m => set.ContainsKey(m.Code)))
        {
            var kind = TargetKind.Of(m);
            var specs = set[m.Code].Select(t => new TargetSpec(t.Quarter, t.Value, t.HasBaseline ? t.Baseline : null)).ToList();
            var judged = TargetRules.Judge(specs, kind, period, today, Actual(figures[m.Code].ToList(), kind, period, today));
            result[m.Code] = new TargetProgress
            {
                Target = set[m.Code].Single(t => t.Quarter == judged.Headline.Quarter),
                Actual = judged.Actual,
                ExpectedByNow = judged.ExpectedByNow,
                ProgressPercent = judged.ProgressPercent,
                Status = judged.Status,
            };
        }

        return result;
    }

    private static ActualFigure? Actual(IReadOnlyList<(string Metric, int Quarter, string Status, double? Number)> figures, TargetKind kind, ReportingPeriod period, DateOnly today)
    {
        ActualFigure? Of(int quarter) =>
            figures.Where(f => f.Quarter == quarter).Select(f => new ActualFigure(MetricValueStore.StatusOf(f.Status), f.Number)).FirstOrDefault();

        var yearToDate = period.IsWholeYear || period.Contains(today);
        if (!kind.Accumulates || yearToDate)
        {
            return Of(kind.Accumulates ? 0 : period.Quarter);
        }

        var quarters = Enumerable.Range(1, period.Quarter).Select(Of).ToList();
        if (quarters.FirstOrDefault(q => q?.Status == FigureStatus.NotDeployed) is { } notDeployed)
        {
            return notDeployed;
        }

        return quarters.All(q => q is { Status: FigureStatus.Shown, Number: not null })
            ? new ActualFigure(FigureStatus.Shown, quarters.Sum(q => q!.Number))
            : new ActualFigure(FigureStatus.NoData, null);
    }
}
