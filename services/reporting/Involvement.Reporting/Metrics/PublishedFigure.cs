using Involvement.Reporting.Periods;
using Involvement.Reporting.V1;

namespace Involvement.Reporting.Metrics;

/// <summary>A figure as it may leave the service: disclosure-controlled, or a whole-trust figure shown exactly.</summary>
public sealed record PublishedFigure(
    string Metric,
    ReportingPeriod Period,
    string CareGroup,
    string Category,
    FigureStatus Status,
    string Value,
    double? Number,
    bool Exact)
{
    public const string NotDeployedValue = "not deployed";
    public const string NoDataValue = "n/a";

    public static PublishedFigure NotDeployed(string metric, ReportingPeriod period) =>
        new(metric, period, "", "", FigureStatus.NotDeployed, NotDeployedValue, null, false);
}
