using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;

namespace Involvement.Reporting.Spread;

/// <summary>
/// How many members (<see cref="People"/>) of a care group (null: none) attended <see cref="Attendances"/> sessions in
/// a period: the histogram every people and spread figure is computed from.
/// </summary>
public sealed record AttendanceBucket(ReportingPeriod Period, string? CareGroup, long Attendances, long People);

/// <summary>Spread of involvement and people involved, from attendance histograms: pure arithmetic, unit-tested.</summary>
public static class SpreadArithmetic
{
    public const string PeopleInvolved = "reach.people_involved";
    public const string BusiestTenthShare = "spread.busiest_tenth_share";
    public const string InvolvedOnce = "spread.involved_once";
    public const string InvolvedTwoToFour = "spread.involved_two_to_four";
    public const string InvolvedFiveOrMore = "spread.involved_five_or_more";

    /// <summary>
    /// The busiest tenth of the people involved: the top ceil(10 %) of them (at least one when anyone was involved)
    /// by sessions attended; returns the sessions they attended and all sessions attended. Ties do not matter: the
    /// people taken at the boundary attended the same number.
    /// </summary>
    public static (long Numerator, long Denominator) BusiestTenth(IEnumerable<(long Attendances, long People)> histogram)
    {
        var rows = histogram.Where(r => r.People > 0 && r.Attendances > 0).OrderByDescending(r => r.Attendances).ToList();
        var people = rows.Sum(r => r.People);
        var total = rows.Sum(r => r.Attendances * r.People);
        var take = BusiestCount(people);
        long busiest = 0;
        foreach (var (attendances, count) in rows)
        {
            if (take == 0)
            {
                break;
            }

            var taken = Math.Min(take, count);
            busiest += taken * attendances;
            take -= taken;
        }

        return (busiest, total);
    }

    /// <summary>How many people make the busiest tenth of <paramref name="people"/>: 10 %, rounded up.</summary>
    public static long BusiestCount(long people) => (people + 9) / 10;

    /// <summary>once (1 session), two_to_four (2-4) or five_or_more (5 and over).</summary>
    public static string Band(long attendances) => attendances switch
    {
        <= 1 => InvolvedOnce,
        <= 4 => InvolvedTwoToFour,
        _ => InvolvedFiveOrMore,
    };

    public static IEnumerable<ComputedFigure> Figures(ReportingPeriod period, IReadOnlyList<string> careGroups, IReadOnlyList<AttendanceBucket> buckets)
    {
        var mine = buckets.Where(b => b.Period == period && b.Attendances > 0).ToList();
        long People(string? group, Func<AttendanceBucket, bool> match) =>
            mine.Where(b => (group is null || b.CareGroup == group) && match(b)).Sum(b => b.People);

        var (busiest, total) = BusiestTenth(mine.Select(b => (b.Attendances, b.People)));
        return FigureGrid.Counts(PeopleInvolved, period, careGroups, [], (g, _) => People(g, _ => true))
            .Append(new ShareFigure(BusiestTenthShare, period, "", "", busiest, total))
            .Concat(new[] { InvolvedOnce, InvolvedTwoToFour, InvolvedFiveOrMore }.SelectMany(metric =>
                FigureGrid.Counts(metric, period, careGroups, [], (g, _) => People(g, b => Band(b.Attendances) == metric))));
    }
}
