using Involvement.BuildingBlocks.Data;
using Involvement.Reporting.Metrics;

namespace Involvement.Reporting.Subscriptions;

/// <summary>What a WatchMetrics call reads itself: the figures its query covers, all or those changed since a sequence.</summary>
public sealed class WatchedFigures(Db db)
{
    public async Task<long> HighestSequenceAsync(CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<long?>("select max(sequence) from metric_values", null, cancellationToken) ?? 0;

    /// <summary>The query's figures whose sequence is above <paramref name="afterSequence"/> (0: every current figure), oldest change first.</summary>
    public Task<IReadOnlyList<StoredFigure>> CurrentAsync(ValidMetricQuery query, long afterSequence, CancellationToken cancellationToken) =>
        db.QueryAsync<StoredFigure>(
            """
            select metric, financial_year, quarter, care_group, category, status, value, number, exact, sequence
            from metric_values
            where (cardinality(@metrics) = 0 or metric = any(@metrics))
              and financial_year = @FinancialYear and quarter = @Quarter
              and (@AllCareGroups or care_group = '' or care_group = @careGroup)
              and sequence > @afterSequence
            order by sequence
            """,
            new
            {
                metrics = query.Metrics.ToArray(),
                query.Period.FinancialYear,
                query.Period.Quarter,
                careGroup = query.CareGroup ?? "",
                query.AllCareGroups,
                afterSequence,
            },
            cancellationToken);

    /// <summary>Whether a changed figure is one the query covers.</summary>
    public static Func<StoredFigure, bool> Covers(ValidMetricQuery query)
    {
        var metrics = query.Metrics.ToHashSet(StringComparer.Ordinal);
        var careGroup = query.CareGroup ?? "";
        return f => (metrics.Count == 0 || metrics.Contains(f.Metric))
            && f.FinancialYear == query.Period.FinancialYear && f.Quarter == query.Period.Quarter
            && (query.AllCareGroups || f.CareGroup.Length == 0 || f.CareGroup == careGroup);
    }
}
