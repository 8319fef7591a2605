using System.Globalization;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.V1;

namespace Involvement.Reporting.Disclosure;

/// <summary>
/// Disclosure control, once for every metric: each computed figure becomes what may leave the service.
/// <list type="bullet">
/// <item>Below the whole-trust total (a category or a care group): counts by <see cref="DisclosureControl.Count"/>;
/// shares from those controlled counts; money is <c>*</c> when it covers 1-7 people.</item>
/// <item>The whole-trust total is exact, unless a breakdown of the same metric and period holds a count of 1-7: then
/// it is controlled like the rest, so the total less the other published parts cannot give the small one away.</item>
/// <item>A mean or median over 1-7 people is <c>*</c> at every level.</item>
/// <item>A reference figure about no one (a configured census percentage) is shown as configured.</item>
/// </list>
/// </summary>
public static class FigurePublisher
{
    public static IReadOnlyList<PublishedFigure> Publish(IEnumerable<ComputedFigure> figures)
    {
        var all = figures.ToList();
        var totalsToControl = all
            .Where(f => !f.IsWholeTrustTotal && f.HasSmallCount)
            .Select(f => (f.Metric, f.Period))
            .ToHashSet();
        return [.. all.Select(f => Publish(f, controlled: !f.IsWholeTrustTotal || totalsToControl.Contains((f.Metric, f.Period))))];
    }

    private static PublishedFigure Publish(ComputedFigure figure, bool controlled) => figure switch
    {
        CountFigure c => Count(c, controlled),
        ShareFigure s => Share(s, controlled),
        AverageFigure a => Average(a, controlled),
        AmountFigure m => Amount(m, controlled),
        ReferenceFigure r => Shown(r, r.Value, exact: true),
        _ => throw new ArgumentOutOfRangeException(nameof(figure), figure.GetType().Name, "unknown kind of figure"),
    };

    private static PublishedFigure Count(CountFigure c, bool controlled)
    {
        var value = controlled ? DisclosureControl.Count(c.Count) : Text(c.Count);
        return value == DisclosureControl.Suppressed
            ? Suppressed(c)
            : Shown(c, value, double.Parse(value, CultureInfo.InvariantCulture), exact: !controlled);
    }

    private static PublishedFigure Share(ShareFigure s, bool controlled)
    {
        if (s.Denominator == 0)
        {
            return new(s.Metric, s.Period, s.CareGroup, s.Category, FigureStatus.NoData, PublishedFigure.NoDataValue, null, !controlled);
        }

        if (!controlled)
        {
            return Shown(s, Percent(s.Numerator, s.Denominator), exact: true);
        }

        var numerator = DisclosureControl.Count(s.Numerator);
        var denominator = DisclosureControl.Count(s.Denominator);
        if (numerator == DisclosureControl.Suppressed || denominator == DisclosureControl.Suppressed)
        {
            return Suppressed(s);
        }

        // Rounding can put the numerator above the denominator (8 of 9 is 10 of 10); a share never exceeds 100 %.
        var rounded = Math.Min(long.Parse(numerator, CultureInfo.InvariantCulture), long.Parse(denominator, CultureInfo.InvariantCulture));
        return Shown(s, Percent(rounded, long.Parse(denominator, CultureInfo.InvariantCulture)), exact: false);
    }

    private static PublishedFigure Average(AverageFigure a, bool controlled) => a.People switch
    {
        0 => new(a.Metric, a.Period, a.CareGroup, a.Category, FigureStatus.NoData, PublishedFigure.NoDataValue, null, !controlled),
        <= 7 => Suppressed(a),
        _ => Shown(a, Math.Round(a.Value, 1, MidpointRounding.AwayFromZero), exact: !controlled),
    };

    private static PublishedFigure Amount(AmountFigure m, bool controlled) =>
        controlled && m.HasSmallCount ? Suppressed(m) : Shown(m, Text(m.Pence), m.Pence, exact: !controlled);

    private static decimal Percent(long numerator, long denominator) =>
        Math.Round(100m * numerator / denominator, 1, MidpointRounding.AwayFromZero);

    private static PublishedFigure Shown(ComputedFigure f, decimal value, bool exact) =>
        Shown(f, value.ToString("0.#", CultureInfo.InvariantCulture), (double)value, exact);

    private static PublishedFigure Shown(ComputedFigure f, string value, double number, bool exact) =>
        new(f.Metric, f.Period, f.CareGroup, f.Category, FigureStatus.Shown, value, number, exact);

    private static PublishedFigure Suppressed(ComputedFigure f) =>
        new(f.Metric, f.Period, f.CareGroup, f.Category, FigureStatus.Suppressed, DisclosureControl.Suppressed, null, false);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
