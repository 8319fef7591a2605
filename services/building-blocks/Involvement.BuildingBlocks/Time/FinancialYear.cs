namespace Involvement.BuildingBlocks.Time;

/// <summary>
/// An NHS financial year, 1 April to 31 March, named by the year it starts in (2026 is 2026/27), with its quarters:
/// Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March. Budgets and the board report use them.
/// </summary>
public readonly record struct FinancialYear(int StartYear)
{
    public DateOnly Start => new(StartYear, 4, 1);

    public DateOnly End => new(StartYear + 1, 3, 31);

    public static FinancialYear Of(DateOnly date) => new(date.Month >= 4 ? date.Year : date.Year - 1);

    /// <summary>The quarter (1-4) a date falls in.</summary>
    public static int QuarterOf(DateOnly date) => ((date.Month + 8) % 12 / 3) + 1;

    public (DateOnly Start, DateOnly End) Quarter(int quarter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        var start = Start.AddMonths(3 * (quarter - 1));
        return (start, start.AddMonths(3).AddDays(-1));
    }

    public override string ToString() => $"{StartYear}/{(StartYear + 1) % 100:D2}";
}
