using Involvement.BuildingBlocks.Data;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;

namespace Involvement.Reporting.BoardReport;

/// <summary>A publishable "we said, we did" example.</summary>
public sealed record FeedbackExample(string? OpportunityTitle, DateOnly GivenOn, string WeSaid, string WeDid);

/// <summary>What the board report reads: published figures only, and the feedback the PPI team marked publishable.</summary>
public sealed class BoardReportStore(Db db)
{
    /// <summary>The most examples one report shows: the latest given in the quarter.</summary>
    public const int MaxExamples = 6;

    /// <summary>Every figure of <paramref name="metrics"/> for the quarter: totals, categories and care groups.</summary>
    public Task<IReadOnlyList<StoredFigure>> FiguresAsync(IReadOnlyCollection<string> metrics, ReportingPeriod period, CancellationToken cancellationToken) =>
        db.QueryAsync<StoredFigure>(
            """
            select metric, financial_year, quarter, care_group, category, status, value, number, exact, sequence
            from metric_values
            where metric = any(@metrics) and financial_year = @FinancialYear and quarter = @Quarter
            order by metric, care_group, category
            """,
            new { metrics = metrics.ToArray(), period.FinancialYear, period.Quarter },
            cancellationToken);

    /// <summary>The whole-trust totals of <paramref name="metrics"/> for each of <paramref name="quarters"/>.</summary>
    public Task<IReadOnlyList<StoredFigure>> TotalsAsync(IReadOnlyCollection<string> metrics, IReadOnlyCollection<ReportingPeriod> quarters, CancellationToken cancellationToken) =>
        db.QueryAsync<StoredFigure>(
            """
            select v.metric, v.financial_year, v.quarter, v.care_group, v.category, v.status, v.value, v.number, v.exact, v.sequence
            from metric_values v
            join unnest(@years, @quarters) as p(financial_year, quarter) on p.financial_year = v.financial_year and p.quarter = v.quarter
            where v.metric = any(@metrics) and v.care_group = '' and v.category = ''
            order by v.metric, v.financial_year, v.quarter
            """,
            new
            {
                metrics = metrics.ToArray(),
                years = quarters.Select(q => q.FinancialYear).ToArray(),
                quarters = quarters.Select(q => q.Quarter).ToArray(),
            },
            cancellationToken);

    /// <summary>The latest "we said, we did" examples the PPI team marked publishable, given in the quarter.</summary>
    public Task<IReadOnlyList<FeedbackExample>> FeedbackAsync(ReportingPeriod period, CancellationToken cancellationToken) =>
        db.QueryAsync<FeedbackExample>(
            """
            select opportunity_title, given_on, we_said, we_did
            from published_feedback
            where given_on between @start and @end
            order by given_on desc, feedback_id
            limit @MaxExamples
            """,
            new { start = period.Start, end = period.End, MaxExamples },
            cancellationToken);
}
