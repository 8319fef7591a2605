using Involvement.Reporting.Periods;

namespace Involvement.Reporting.Metrics;

/// <summary>
/// Every figure of a count metric for one period: the whole-trust total, each category, each care group and each
/// category within each care group, zeros included. <c>count(careGroup, category)</c> answers for null = all.
/// </summary>
public static class FigureGrid
{
    public static IEnumerable<ComputedFigure> Counts(
        string metric, ReportingPeriod period, IReadOnlyList<string> careGroups, IReadOnlyList<string> categories, Func<string?, string?, long> count)
    {
        yield return new CountFigure(metric, period, "", "", count(null, null));
        foreach (var category in categories)
        {
            yield return new CountFigure(metric, period, "", category, count(null, category));
        }

        foreach (var group in careGroups)
        {
            yield return new CountFigure(metric, period, group, "", count(group, null));
            foreach (var category in categories)
            {
                yield return new CountFigure(metric, period, group, category, count(group, category));
            }
        }
    }
}
