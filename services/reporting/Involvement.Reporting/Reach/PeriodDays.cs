using Involvement.Reporting.Periods;

namespace Involvement.Reporting.Reach;

/// <summary>
/// Periods as SQL sees them: <c>periods(i, first_day, last_day)</c> with <c>i</c> the 1-based index into the list, so
/// one query answers every period.
/// </summary>
public static class PeriodDays
{
    public const string Cte =
        "periods as (select p.i::int as i, p.first_day, p.last_day from unnest(@firstDays, @lastDays) with ordinality as p(first_day, last_day, i))";

    public static object Args(IReadOnlyList<ReportingPeriod> periods, DateOnly today) => new
    {
        firstDays = periods.Select(p => p.Start).ToArray(),
        lastDays = periods.Select(p => p.End).ToArray(),
        today,
    };
}
