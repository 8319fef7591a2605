using Involvement.Reporting.Periods;

namespace Involvement.Reporting.Metrics;

/// <summary>
/// A figure as computed from the read models, before disclosure control. Only <see cref="Disclosure.FigurePublisher"/>
/// turns it into what leaves the service. <see cref="CareGroup"/> and <see cref="Category"/> are empty for the
/// whole trust and the metric's total.
/// </summary>
public abstract record ComputedFigure(string Metric, ReportingPeriod Period, string CareGroup, string Category)
{
    public bool IsWholeTrustTotal => CareGroup.Length == 0 && Category.Length == 0;

    /// <summary>Whether a count inside it is 1-7 (the reason a whole-trust total beside it is rounded).</summary>
    public abstract bool HasSmallCount { get; }
}

/// <summary>A count of people or things.</summary>
public sealed record CountFigure(string Metric, ReportingPeriod Period, string CareGroup, string Category, long Count)
    : ComputedFigure(Metric, Period, CareGroup, Category)
{
    public override bool HasSmallCount => Count is >= 1 and <= 7;
}

/// <summary>A share, published as a percentage of <see cref="Denominator"/>.</summary>
public sealed record ShareFigure(string Metric, ReportingPeriod Period, string CareGroup, string Category, long Numerator, long Denominator)
    : ComputedFigure(Metric, Period, CareGroup, Category)
{
    public override bool HasSmallCount => Numerator is >= 1 and <= 7 || Denominator is >= 1 and <= 7;
}

/// <summary>A mean or median (or any statistic) over <see cref="People"/> people.</summary>
public sealed record AverageFigure(string Metric, ReportingPeriod Period, string CareGroup, string Category, decimal Value, long People)
    : ComputedFigure(Metric, Period, CareGroup, Category)
{
    public override bool HasSmallCount => People is >= 1 and <= 7;
}

/// <summary>An amount of money covering <see cref="People"/> people.</summary>
public sealed record AmountFigure(string Metric, ReportingPeriod Period, string CareGroup, string Category, long Pence, long People)
    : ComputedFigure(Metric, Period, CareGroup, Category)
{
    public override bool HasSmallCount => People is >= 1 and <= 7;
}

/// <summary>
/// A configured reference figure that is about no one (a census percentage): published as it is, at every level.
/// </summary>
public sealed record ReferenceFigure(string Metric, ReportingPeriod Period, string CareGroup, string Category, decimal Value)
    : ComputedFigure(Metric, Period, CareGroup, Category)
{
    public override bool HasSmallCount => false;
}
