using Involvement.Reporting.Periods;

namespace Involvement.Reporting.Metrics;

/// <summary>Metric definitions and periods as the API shows them.</summary>
public static class MetricProto
{
    public static V1.MetricDefinition Definition(MetricDefinition m) => new()
    {
        Code = m.Code,
        Title = m.Title,
        Meaning = m.Meaning,
        Area = m.Area,
        SourceService = m.SourceService,
        SourceEvents = { m.SourceEvents },
        Unit = m.Unit,
        CategoryName = m.CategoryName ?? "",
        ByCareGroup = m.ByCareGroup,
        Disclosure = m.Disclosure,
        HigherIsBetter = m.HigherIsBetter,
        AtPeriodEnd = m.AtPeriodEnd,
    };

    public static V1.Period Period(ReportingPeriod p) => new() { FinancialYear = p.FinancialYear, Quarter = p.Quarter };
}
