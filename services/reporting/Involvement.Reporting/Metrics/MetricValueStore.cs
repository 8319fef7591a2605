using Involvement.BuildingBlocks.Data;
using Involvement.Reporting.Periods;
using Involvement.Reporting.V1;

namespace Involvement.Reporting.Metrics;

/// <summary>The published figures: replaced by the refresher, read by queries, subscriptions and the board report.</summary>
public sealed class MetricValueStore(Db db)
{
    /// <summary>
    /// Makes the stored figures of these metrics and periods exactly <paramref name="figures"/>. A figure whose value
    /// changed (or is new) takes the next sequence number; one no longer computed is removed. Callers hold the
    /// refresher's lock, so sequence numbers are committed in order.
    /// </summary>
    public async Task<int> ReplaceAsync(UnitOfWork unit, IReadOnlyCollection<string> metrics, IReadOnlyCollection<ReportingPeriod> periods, IReadOnlyList<PublishedFigure> figures)
    {
        var years = periods.Select(p => p.FinancialYear).ToArray();
        var quarters = periods.Select(p => p.Quarter).ToArray();
        await unit.ExecuteAsync(
            """
            create temporary table if not exists new_figures (like metric_values) on commit drop;
            """);
        await unit.ExecuteAsync(
            """
            insert into new_figures (metric, financial_year, quarter, care_group, category, status, value, number, exact, sequence)
            select f.metric, f.financial_year, f.quarter, f.care_group, f.category, f.status, f.value, f.number, f.exact, 0
            from unnest(@Metric, @Year, @Quarter, @CareGroup, @Category, @Status, @Value, @Number, @Exact)
                as f(metric, financial_year, quarter, care_group, category, status, value, number, exact)
            """,
            new
            {
                Metric = figures.Select(f => f.Metric).ToArray(),
                Year = figures.Select(f => f.Period.FinancialYear).ToArray(),
                Quarter = figures.Select(f => f.Period.Quarter).ToArray(),
                CareGroup = figures.Select(f => f.CareGroup).ToArray(),
                Category = figures.Select(f => f.Category).ToArray(),
                Status = figures.Select(f => StatusCode(f.Status)).ToArray(),
                Value = figures.Select(f => f.Value).ToArray(),
                Number = figures.Select(f => f.Number).ToArray(),
                Exact = figures.Select(f => f.Exact).ToArray(),
            });
        await unit.ExecuteAsync(
            """
            delete from metric_values v
            using unnest(@years, @quarters) as p(financial_year, quarter)
            where v.metric = any(@metrics) and v.financial_year = p.financial_year and v.quarter = p.quarter
              and not exists (select 1 from new_figures n where n.metric = v.metric and n.financial_year = v.financial_year
                              and n.quarter = v.quarter and n.care_group = v.care_group and n.category = v.category)
            """,
            new { metrics = metrics.ToArray(), years, quarters });
        var changed = await unit.ExecuteAsync(
            """
            insert into metric_values (metric, financial_year, quarter, care_group, category, status, value, number, exact, sequence)
            select metric, financial_year, quarter, care_group, category, status, value, number, exact, nextval('metric_value_sequence')
            from new_figures
            order by metric, financial_year, quarter, care_group, category
            on conflict (metric, financial_year, quarter, care_group, category) do update
                set status = excluded.status, value = excluded.value, number = excluded.number, exact = excluded.exact, sequence = excluded.sequence
                where (metric_values.status, metric_values.value, metric_values.exact) is distinct from (excluded.status, excluded.value, excluded.exact)
            """);
        await unit.ExecuteAsync("truncate new_figures");
        return changed;
    }

    /// <summary>
    /// The figures of these metrics (every metric when empty) for one period: trust-wide, for one care group, or
    /// every care group's too.
    /// </summary>
    public Task<IReadOnlyList<StoredFigure>> GetAsync(IReadOnlyCollection<string> metrics, ReportingPeriod period, string? careGroup, bool allCareGroups, CancellationToken cancellationToken) =>
        db.QueryAsync<StoredFigure>(
            """
            select metric, financial_year, quarter, care_group, category, status, value, number, exact, sequence
            from metric_values
            where (cardinality(@metrics) = 0 or metric = any(@metrics))
              and financial_year = @FinancialYear and quarter = @Quarter
              and (@allCareGroups or care_group = '' or care_group = @careGroup)
            order by metric, care_group, category
            """,
            new { metrics = metrics.ToArray(), period.FinancialYear, period.Quarter, careGroup = careGroup ?? "", allCareGroups },
            cancellationToken);

    /// <summary>Figures whose value changed after <paramref name="afterSequence"/>, oldest change first.</summary>
    public Task<IReadOnlyList<StoredFigure>> ChangedSinceAsync(long afterSequence, int limit, CancellationToken cancellationToken) =>
        db.QueryAsync<StoredFigure>(
            """
            select metric, financial_year, quarter, care_group, category, status, value, number, exact, sequence
            from metric_values where sequence > @afterSequence order by sequence limit @limit
            """,
            new { afterSequence, limit },
            cancellationToken);

    public static string StatusCode(FigureStatus status) => status switch
    {
        FigureStatus.Shown => "shown",
        FigureStatus.Suppressed => "suppressed",
        FigureStatus.NotDeployed => "not_deployed",
        FigureStatus.NoData => "no_data",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static FigureStatus StatusOf(string code) => code switch
    {
        "shown" => FigureStatus.Shown,
        "suppressed" => FigureStatus.Suppressed,
        "not_deployed" => FigureStatus.NotDeployed,
        "no_data" => FigureStatus.NoData,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };
}

/// <summary>A row of metric_values.</summary>
public sealed record StoredFigure(
    string Metric, int FinancialYear, int Quarter, string CareGroup, string Category, string Status, string Value, double? Number, bool Exact, long Sequence)
{
    public ReportingPeriod Period => new(FinancialYear, Quarter);

    public Involvement.Reporting.V1.Figure ToProto() => new()
    {
        MetricCode = Metric,
        Period = new Involvement.Reporting.V1.Period { FinancialYear = FinancialYear, Quarter = Quarter },
        CareGroup = CareGroup,
        Category = Category,
        Status = MetricValueStore.StatusOf(Status),
        Value = Value,
        Number = Number ?? 0,
        Exact = Exact,
        Sequence = Sequence,
    };
}
