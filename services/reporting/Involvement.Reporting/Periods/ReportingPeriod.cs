using Involvement.BuildingBlocks.Time;

namespace Involvement.Reporting.Periods;

/// <summary>
/// A reporting period: an NHS financial year (named by the year it starts in) or one of its quarters (1-4; 0 is the
/// whole year), as dates in Europe/London.
/// </summary>
public readonly record struct ReportingPeriod(int FinancialYear, int Quarter)
{
    public const int EarliestYear = 2000;
    public const int LatestYear = 2100;

    public FinancialYear Year => new(FinancialYear);

    public bool IsWholeYear => Quarter == 0;

    public DateOnly Start => IsWholeYear ? Year.Start : Year.Quarter(Quarter).Start;

    /// <summary>The last day of the period (inclusive).</summary>
    public DateOnly End => IsWholeYear ? Year.End : Year.Quarter(Quarter).End;

    /// <summary>The first instant after the period, in UTC: events before it fall on or before <see cref="End"/>.</summary>
    public DateTimeOffset EndsAt => UkTime.InstantOf(End.AddDays(1), TimeOnly.MinValue);

    public DateTimeOffset StartsAt => UkTime.InstantOf(Start, TimeOnly.MinValue);

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    public static ReportingPeriod QuarterOf(DateOnly date) =>
        new(Involvement.BuildingBlocks.Time.FinancialYear.Of(date).StartYear, Involvement.BuildingBlocks.Time.FinancialYear.QuarterOf(date));

    public static ReportingPeriod YearOf(DateOnly date) => new(Involvement.BuildingBlocks.Time.FinancialYear.Of(date).StartYear, 0);

    /// <summary>The quarter before this one (Q4 of the previous year before Q1).</summary>
    public ReportingPeriod PreviousQuarter() => Quarter <= 1 ? new(FinancialYear - 1, 4) : new(FinancialYear, Quarter - 1);

    /// <summary>
    /// Every whole year and every quarter that has begun by <paramref name="today"/>, from the year holding
    /// <paramref name="from"/> to the current year: the periods a change dated <paramref name="from"/> can move.
    /// </summary>
    public static IReadOnlyList<ReportingPeriod> StartedSince(DateOnly from, DateOnly today)
    {
        var first = Math.Max(EarliestYear, Involvement.BuildingBlocks.Time.FinancialYear.Of(from).StartYear);
        var last = Involvement.BuildingBlocks.Time.FinancialYear.Of(today).StartYear;
        var periods = new List<ReportingPeriod>();
        for (var year = first; year <= last; year++)
        {
            periods.Add(new(year, 0));
            periods.AddRange(Enumerable.Range(1, 4).Select(q => new ReportingPeriod(year, q)).Where(p => p.Start <= today));
        }

        return periods;
    }

    /// <summary>"2026/27" or "2026/27 Q3".</summary>
    public override string ToString() => IsWholeYear ? Year.ToString() : $"{Year} Q{Quarter}";
}
