using Involvement.Reporting.Periods;
using Involvement.Reporting.V1;

namespace Involvement.Reporting.Targets;

/// <summary>One target row: <paramref name="Quarter"/> 0 is by the end of the year, 1-4 a milestone by the end of that quarter.</summary>
public sealed record TargetSpec(int Quarter, double Value, double? Baseline);

/// <summary>What a metric's target needs to know about the metric.</summary>
/// <param name="Accumulates">A flow counted over the year (new members, fees paid): a year-to-date figure grows towards the target.</param>
public sealed record TargetKind(bool Accumulates, bool HigherIsBetter)
{
    public static TargetKind Of(Metrics.MetricDefinition m) =>
        new(!m.AtPeriodEnd && m.Unit is MetricUnit.People or MetricUnit.Count or MetricUnit.Pence, m.HigherIsBetter);
}

/// <summary>The whole-trust figure progress is judged on.</summary>
public sealed record ActualFigure(FigureStatus Status, double? Number);

public sealed record TargetJudgement(TargetSpec Headline, double Actual, double ExpectedByNow, double ProgressPercent, string Status);

/// <summary>
/// The on-track rule, pure. A target's path through the year runs from where the year started (0 for a flow; the
/// baseline, or 0, for a position or a share) through each quarter milestone to the end-of-year target, straight
/// between points, by days. Expected is that path at the end of the period, or today while the period is current.
/// A flow compares its year-to-date count with it; a position or share its figure for the period.
/// </summary>
public static class TargetRules
{
    public const string OnTrack = "on_track";
    public const string Behind = "behind";
    public const string Met = "met";
    public const string NoData = "no_data";
    public const string NotDeployed = "not_deployed";

    private const double Tolerance = 1e-9;

    /// <summary>The target the metric is judged against overall: the end-of-year one, else the last milestone.</summary>
    public static TargetSpec Headline(IReadOnlyCollection<TargetSpec> targets) =>
        targets.FirstOrDefault(t => t.Quarter == 0) ?? targets.MaxBy(t => t.Quarter)
        ?? throw new ArgumentException("no targets", nameof(targets));

    /// <summary>The day progress is judged at: the end of the period, or today while it runs; null before it starts.</summary>
    public static DateOnly? JudgedOn(ReportingPeriod period, DateOnly today) =>
        today < period.Start ? null : today < period.End ? today : period.End;

    /// <summary>Where the metric should be on <paramref name="day"/> (a day of financial year <paramref name="year"/>).</summary>
    public static double Expected(IReadOnlyCollection<TargetSpec> targets, TargetKind kind, int year, DateOnly day)
    {
        var fy = new Involvement.BuildingBlocks.Time.FinancialYear(year);
        var headline = Headline(targets);
        var start = kind.Accumulates ? 0 : headline.Baseline ?? targets.Select(t => t.Baseline).FirstOrDefault(b => b is not null) ?? 0;
        var points = new List<(int Day, double Value)> { (0, start) };
        foreach (var t in targets.Where(t => t.Quarter is >= 1 and <= 4).OrderBy(t => t.Quarter))
        {
            if (t.Quarter == 4 && targets.Any(x => x.Quarter == 0))
            {
                continue;   // the end-of-year target stands for the end of Q4
            }

            points.Add((DayOfYear(fy, fy.Quarter(t.Quarter).End), t.Value));
        }

        if (targets.Any(t => t.Quarter == 0))
        {
            points.Add((DayOfYear(fy, fy.End), headline.Value));
        }

        var d = Math.Clamp(DayOfYear(fy, day), 0, DayOfYear(fy, fy.End));
        for (var i = 1; i < points.Count; i++)
        {
            if (d <= points[i].Day)
            {
                var (d0, v0) = points[i - 1];
                var (d1, v1) = points[i];
                return d1 == d0 ? v1 : v0 + ((v1 - v0) * (d - d0) / (d1 - d0));
            }
        }

        return points[^1].Value;   // after the last milestone, with no end-of-year target: hold it
    }

    /// <summary>Judges progress on <paramref name="actual"/> (a flow's year-to-date figure, else the period's).</summary>
    public static TargetJudgement Judge(
        IReadOnlyCollection<TargetSpec> targets, TargetKind kind, ReportingPeriod period, DateOnly today, ActualFigure? actual)
    {
        var headline = Headline(targets);
        var day = JudgedOn(period, today);
        var expected = day is { } d ? Expected(targets, kind, period.FinancialYear, d) : 0;
        if (actual?.Status == FigureStatus.NotDeployed)
        {
            return new(headline, 0, expected, 0, NotDeployed);
        }

        if (day is null || actual is not { Status: FigureStatus.Shown, Number: { } value } || !double.IsFinite(value))
        {
            return new(headline, 0, expected, 0, NoData);
        }

        var progress = headline.Value == 0 ? (value == 0 ? 100 : 0) : value / headline.Value * 100;
        var status = AtLeast(value, headline.Value, kind.HigherIsBetter) ? Met
            : AtLeast(value, expected, kind.HigherIsBetter) ? OnTrack
            : Behind;
        return new(headline, value, expected, progress, status);
    }

    private static bool AtLeast(double actual, double wanted, bool higherIsBetter) =>
        higherIsBetter ? actual >= wanted - Tolerance : actual <= wanted + Tolerance;

    /// <summary>Days elapsed by the end of <paramref name="day"/>: 1 on 1 April, 365 (or 366) on 31 March.</summary>
    private static int DayOfYear(Involvement.BuildingBlocks.Time.FinancialYear fy, DateOnly day) => day.DayNumber - fy.Start.DayNumber + 1;
}
