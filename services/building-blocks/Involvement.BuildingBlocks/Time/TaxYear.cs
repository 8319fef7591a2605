namespace Involvement.BuildingBlocks.Time;

/// <summary>
/// A UK tax year, 6 April to 5 April, named by the year it starts in (2026 is 2026/27). Mileage allowances and a
/// member's annual earnings threshold count within one; statements can be asked for by one.
/// </summary>
public readonly record struct TaxYear(int StartYear)
{
    public DateOnly Start => new(StartYear, 4, 6);

    public DateOnly End => new(StartYear + 1, 4, 5);

    public static TaxYear Of(DateOnly date) => new(date.Month > 4 || (date.Month == 4 && date.Day >= 6) ? date.Year : date.Year - 1);

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    public override string ToString() => $"{StartYear}/{(StartYear + 1) % 100:D2}";
}
