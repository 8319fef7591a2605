using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using Involvement.Reporting.Training;

namespace Involvement.Reporting.Payments;

/// <summary>A claim paid, with the member's care group (null when they have none) and what it paid.</summary>
public sealed record PaidClaim(
    Guid ClaimId,
    Guid MemberId,
    string? CareGroup,
    DateOnly SubmittedOn,
    DateOnly PaidOn,
    bool PaidOnTime,
    long FeesPence,
    long ExpensesPence,
    IReadOnlyDictionary<string, long> ExpensesByCategory,
    IReadOnlyDictionary<string, long> CostCentres);

/// <summary>A claim whose submission and due date are known, for overdue positions.</summary>
public sealed record KnownClaim(DateOnly SubmittedOn, DateOnly DueOn, DateOnly? PaidOn, DateOnly? RejectedOn);

public sealed record BudgetAllocation(string CostCentre, int FinancialYear, long AllocatedPence);

public sealed record PreferenceChange(Guid MemberId, long Version, string Preference, DateOnly ChangedOn);

/// <summary>The payments metrics' arithmetic on small histories, free of the database.</summary>
public static class PaymentArithmetic
{
    public const string FeesPaid = "payments.fees_paid";
    public const string ExpensesPaid = "payments.expenses_paid";
    public const string ClaimsPaid = "payments.claims_paid";
    public const string PaidOnTimeShare = "payments.paid_on_time_share";
    public const string DaysToPayMedian = "payments.days_to_pay_median";
    public const string BudgetUsed = "payments.budget_used";
    public const string BudgetUsedShare = "payments.budget_used_share";
    public const string MembersDeclinedPayment = "payments.members_declined_payment";
    public const string ClaimsOverdue = "payments.claims_overdue";

    /// <summary>Preferences that decline payment of fees: expenses only (fees declined) and declined.</summary>
    public static readonly IReadOnlyList<string> DecliningPreferences = ["expenses_only", "declined"];

    /// <summary>The median of whole numbers: the middle one, or the mean of the middle two; null when there are none.</summary>
    public static decimal? Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2m;
    }

    /// <summary>Fees paid in the period (by the date paid): trust-wide and per care group, over the members paid fees.</summary>
    public static IEnumerable<ComputedFigure> Fees(ReportingPeriod period, IReadOnlyList<PaidClaim> paid, IReadOnlyList<string> careGroups)
    {
        var inPeriod = paid.Where(c => period.Contains(c.PaidOn) && c.FeesPence > 0).ToList();
        yield return Amount(FeesPaid, period, "", "", inPeriod, c => c.FeesPence);
        foreach (var group in careGroups)
        {
            yield return Amount(FeesPaid, period, group, "", [.. inPeriod.Where(c => c.CareGroup == group)], c => c.FeesPence);
        }
    }

    /// <summary>Expenses reimbursed in the period, in total and per expense category (every category, zeros included).</summary>
    public static IEnumerable<ComputedFigure> Expenses(ReportingPeriod period, IReadOnlyList<PaidClaim> paid, IReadOnlyList<string> categories)
    {
        var inPeriod = paid.Where(c => period.Contains(c.PaidOn)).ToList();
        yield return Amount(ExpensesPaid, period, "", "", [.. inPeriod.Where(c => c.ExpensesPence > 0)], c => c.ExpensesPence);
        foreach (var category in categories)
        {
            yield return Amount(ExpensesPaid, period, "", category,
                [.. inPeriod.Where(c => c.ExpensesByCategory.GetValueOrDefault(category) > 0)], c => c.ExpensesByCategory.GetValueOrDefault(category));
        }
    }

    /// <summary>Claims paid in the period, the share paid by their due date, and the median days from submission to payment.</summary>
    public static IEnumerable<ComputedFigure> Timeliness(ReportingPeriod period, IReadOnlyList<PaidClaim> paid)
    {
        var inPeriod = paid.Where(c => period.Contains(c.PaidOn)).ToList();
        yield return new CountFigure(ClaimsPaid, period, "", "", inPeriod.Count);
        yield return new ShareFigure(PaidOnTimeShare, period, "", "", inPeriod.Count(c => c.PaidOnTime), inPeriod.Count);
        var median = Median(inPeriod.Select(c => c.PaidOn.DayNumber - c.SubmittedOn.DayNumber));
        yield return new AverageFigure(DaysToPayMedian, period, "", "", median ?? 0, inPeriod.Select(c => c.MemberId).Distinct().Count());
    }

    /// <summary>
    /// Paid per cost centre in the period (over the members paid from it); and the share of each cost centre's
    /// allocation for the period's financial year paid from the start of that year to the end of the period.
    /// </summary>
    public static IEnumerable<ComputedFigure> Budgets(
        ReportingPeriod period, IReadOnlyList<PaidClaim> paid, IReadOnlyList<BudgetAllocation> allocations, IReadOnlyList<string> costCentres)
    {
        var inPeriod = paid.Where(c => period.Contains(c.PaidOn) && c.CostCentres.Count > 0).ToList();
        yield return Amount(BudgetUsed, period, "", "", inPeriod, c => c.CostCentres.Values.Sum());
        foreach (var costCentre in costCentres)
        {
            yield return Amount(BudgetUsed, period, "", costCentre,
                [.. inPeriod.Where(c => c.CostCentres.ContainsKey(costCentre))], c => c.CostCentres.GetValueOrDefault(costCentre));
        }

        var yearStart = period.Year.Start;
        var yearToDate = paid.Where(c => c.PaidOn >= yearStart && c.PaidOn <= period.End).ToList();
        var budgets = allocations.Where(a => a.FinancialYear == period.FinancialYear && a.AllocatedPence > 0)
            .ToDictionary(a => a.CostCentre, a => a.AllocatedPence, StringComparer.Ordinal);
        long Used(string costCentre) => yearToDate.Sum(c => c.CostCentres.GetValueOrDefault(costCentre));
        yield return new ShareFigure(BudgetUsedShare, period, "", "", budgets.Keys.Sum(Used), budgets.Values.Sum());
        foreach (var costCentre in costCentres)
        {
            yield return new ShareFigure(BudgetUsedShare, period, "", costCentre,
                budgets.ContainsKey(costCentre) ? Used(costCentre) : 0, budgets.GetValueOrDefault(costCentre));
        }
    }

    /// <summary>Members whose payment preference at <paramref name="day"/> declines fees, per preference.</summary>
    public static IEnumerable<ComputedFigure> Declined(ReportingPeriod period, DateOnly day, IReadOnlyList<PreferenceChange> changes)
    {
        var current = changes.Where(c => c.ChangedOn <= day)
            .GroupBy(c => c.MemberId)
            .Select(g => g.MaxBy(c => c.Version)!.Preference)
            .Where(DecliningPreferences.Contains)
            .ToList();
        yield return new CountFigure(MembersDeclinedPayment, period, "", "", current.Count);
        foreach (var preference in DecliningPreferences)
        {
            yield return new CountFigure(MembersDeclinedPayment, period, "", preference, current.Count(p => p == preference));
        }
    }

    /// <summary>Claims at <paramref name="day"/> submitted, due before it, and neither paid nor rejected by then.</summary>
    public static ComputedFigure Overdue(ReportingPeriod period, DateOnly day, IReadOnlyList<KnownClaim> claims) =>
        new CountFigure(ClaimsOverdue, period, "", "", claims.Count(c =>
            c.SubmittedOn <= day && c.DueOn < day && !(c.PaidOn <= day) && !(c.RejectedOn <= day)));

    public static DateOnly PositionDay(ReportingPeriod period, DateOnly today) => TrainingArithmetic.PositionDay(period, today);

    private static AmountFigure Amount(string metric, ReportingPeriod period, string careGroup, string category, IReadOnlyList<PaidClaim> claims, Func<PaidClaim, long> pence) =>
        new(metric, period, careGroup, category, claims.Sum(pence), claims.Select(c => c.MemberId).Distinct().Count());
}
