using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Reporting.Periods;
using Involvement.Reporting.V1;

namespace Involvement.Reporting.Metrics;

/// <summary>Which figures a GetMetrics or WatchMetrics call asks for.</summary>
public sealed record ValidMetricQuery(IReadOnlyList<string> Metrics, ReportingPeriod Period, string? CareGroup, bool AllCareGroups)
{
    public const int MaxCareGroupLength = 200;

    public static ValidMetricQuery From(
        MetricCatalog catalog, IReadOnlyList<string> metricCodes, Period? period, string careGroup, bool allCareGroups, DateOnly today, RequestValidator v)
    {
        var codes = v.TextList("metric_codes", metricCodes, maxItems: catalog.Metrics.Count, maxLength: 100);
        for (var i = 0; i < codes.Count; i++)
        {
            v.Must(catalog.ByCode.ContainsKey(codes[i]), $"metric_codes[{i}]", $"'{codes[i]}' is not a metric; ListMetrics lists them");
        }

        var group = v.Optional("care_group", careGroup, MaxCareGroupLength);
        v.Must(!(allCareGroups && group is not null), "care_group", "give one care group or ask for all of them, not both");
        return new([.. codes.Distinct(StringComparer.Ordinal)], ValidPeriod.From("period", period, today, v), group, allCareGroups);
    }
}

/// <summary>A period from a request: unset means the current quarter.</summary>
public static class ValidPeriod
{
    public static ReportingPeriod From(string field, Period? period, DateOnly today, RequestValidator v)
    {
        if (period is null || (period.FinancialYear == 0 && period.Quarter == 0))
        {
            return ReportingPeriod.QuarterOf(today);
        }

        v.Must(period.FinancialYear is >= ReportingPeriod.EarliestYear and <= ReportingPeriod.LatestYear,
            $"{field}.financial_year", $"must be the year the financial year starts in, {ReportingPeriod.EarliestYear}-{ReportingPeriod.LatestYear} (2026 for 2026/27)");
        v.Must(period.Quarter is >= 0 and <= 4, $"{field}.quarter", "must be 1-4, or 0 for the whole year");
        var valid = period.FinancialYear is >= ReportingPeriod.EarliestYear and <= ReportingPeriod.LatestYear && period.Quarter is >= 0 and <= 4;
        return valid ? new ReportingPeriod(period.FinancialYear, period.Quarter) : ReportingPeriod.QuarterOf(today);
    }
}
