using Involvement.BuildingBlocks.Money;
using Involvement.BuildingBlocks.Time;

namespace Involvement.Payments.Claims;

public enum ThresholdPeriod
{
    Week,
    TaxYear,
}

/// <param name="FeesPence">The member's fees in the period, this claim's included.</param>
public sealed record ThresholdWarningFound(ThresholdPeriod Period, DateOnly Start, DateOnly End, Pence FeesPence, Pence ThresholdPence)
{
    public string Description => Period == ThresholdPeriod.Week
        ? $"Fees in the week {Start:yyyy-MM-dd} to {End:yyyy-MM-dd} come to {FeesPence}, over the weekly threshold of {ThresholdPence}."
        : $"Fees in tax year {new TaxYear(Start.Year)} come to {FeesPence}, over the tax-year threshold of {ThresholdPence}.";
}

/// <summary>
/// Warnings that a claim takes a member's fees past a configured weekly (Monday to Sunday, UK dates) or tax-year
/// threshold, e.g. a permitted-earnings limit for people on benefits. Only fees count: expenses are not income.
/// A threshold of 0 is off.
/// </summary>
public static class ThresholdRules
{
    /// <param name="claimFees">The session dates and amounts of this claim's payable fees.</param>
    /// <param name="memberFees">Every payable fee of the member's that counts (in this claim or in any claim submitted
    /// and not rejected), this claim's included.</param>
    public static IReadOnlyList<ThresholdWarningFound> Warnings(
        IReadOnlyCollection<(DateOnly Date, Pence Amount)> claimFees,
        IReadOnlyCollection<(DateOnly Date, Pence Amount)> memberFees,
        Pence weeklyThreshold,
        Pence taxYearThreshold)
    {
        var warnings = new List<ThresholdWarningFound>();
        if (weeklyThreshold > Pence.Zero)
        {
            foreach (var start in claimFees.Select(f => WeekStart(f.Date)).Distinct().Order())
            {
                var end = start.AddDays(6);
                var total = Pence.Sum(memberFees.Where(f => f.Date >= start && f.Date <= end).Select(f => f.Amount));
                if (total > weeklyThreshold)
                {
                    warnings.Add(new ThresholdWarningFound(ThresholdPeriod.Week, start, end, total, weeklyThreshold));
                }
            }
        }

        if (taxYearThreshold > Pence.Zero)
        {
            foreach (var year in claimFees.Select(f => TaxYear.Of(f.Date)).Distinct().OrderBy(y => y.StartYear))
            {
                var total = Pence.Sum(memberFees.Where(f => year.Contains(f.Date)).Select(f => f.Amount));
                if (total > taxYearThreshold)
                {
                    warnings.Add(new ThresholdWarningFound(ThresholdPeriod.TaxYear, year.Start, year.End, total, taxYearThreshold));
                }
            }
        }

        return warnings;
    }

    /// <summary>The Monday of the week a date falls in.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
}
