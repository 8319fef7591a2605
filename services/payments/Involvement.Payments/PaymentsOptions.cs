using Involvement.BuildingBlocks.Messaging;

namespace Involvement.Payments;

/// <summary>Section <c>Payments</c>: the trust's payment policy settings.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>Days from submission to a claim's due date (payment must be timely).</summary>
    public int ClaimDueDays { get; set; } = 14;

    /// <summary>Expenses above this need a receipt reference.</summary>
    public long ReceiptThresholdPence { get; set; } = 1000;

    /// <summary>Fees in one week (Monday-Sunday, UK) above which a claim carries a warning; 0 turns it off.</summary>
    public long WeeklyFeeThresholdPence { get; set; }

    /// <summary>Fees in one tax year above which a claim carries a warning; 0 turns it off.</summary>
    public long TaxYearFeeThresholdPence { get; set; }

    /// <summary>Where fees for an opportunity without a cost centre are charged.</summary>
    public string DefaultCostCentre { get; set; } = "PPI";

    /// <summary>
    /// Budget shares, in percent, at which a warning shows and BudgetThresholdReached is published
    /// (<c>Payments__BudgetWarningPercents__0=75</c>, ...); none configured means 80 and 100. Empty by default because
    /// configuration binding adds to a list rather than replacing it: a default here would stay beside the settings.
    /// </summary>
    public List<int> BudgetWarningPercents { get; set; } = [];

    /// <summary>
    /// How often every budget of this and last financial year is checked against the warning shares, for spending that
    /// no approval or allocation change saw (fee lines held as attendance arrives).
    /// </summary>
    public TimeSpan BudgetCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The shares in force, smallest first, each once.</summary>
    public IReadOnlyList<int> WarningPercents => BudgetWarningPercents.Count == 0 ? [80, 100] : [.. BudgetWarningPercents.Distinct().Order()];

    /// <summary>Per-claim caps by expense category in pence (e.g. <c>Payments__ExpenseCaps__parking=2000</c>).</summary>
    public Dictionary<string, long> ExpenseCaps { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>HMRC approved mileage allowance payments, the defaults a trust may change.</summary>
    public MileageRates Mileage { get; set; } = new();

    /// <summary>
    /// AES-256 keys for bank details by key id, each 32 bytes in base64 (<c>Payments__BankDetailsKeys__2026a=...</c>),
    /// supplied as a secret. New details are encrypted under <see cref="BankDetailsCurrentKeyId"/>.
    /// </summary>
    public Dictionary<string, string> BankDetailsKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The id of the key in <see cref="BankDetailsKeys"/> new bank details are encrypted under (required).</summary>
    public string BankDetailsCurrentKeyId { get; set; } = "";

    /// <summary>Problems with the settings, each naming the environment variable to fix.</summary>
    public IEnumerable<string> Problems()
    {
        if (ClaimDueDays is < 1 or > 90)
        {
            yield return "Payments__ClaimDueDays must be between 1 and 90.";
        }

        if (ReceiptThresholdPence < 0 || WeeklyFeeThresholdPence < 0 || TaxYearFeeThresholdPence < 0)
        {
            yield return "Payments__ReceiptThresholdPence, Payments__WeeklyFeeThresholdPence and Payments__TaxYearFeeThresholdPence cannot be negative.";
        }

        if (string.IsNullOrWhiteSpace(DefaultCostCentre))
        {
            yield return "Payments__DefaultCostCentre must name a cost centre.";
        }

        if (BudgetCheckInterval < TimeSpan.FromSeconds(1))
        {
            yield return "Payments__BudgetCheckInterval must be at least 00:00:01.";
        }

        if (BudgetWarningPercents.Any(p => p is < 1 or > 1000))
        {
            yield return "Payments__BudgetWarningPercents must list shares between 1 and 1000 percent.";
        }

        foreach (var (category, cap) in ExpenseCaps)
        {
            if (!EventContract.ExpenseCategories.Contains(category, StringComparer.OrdinalIgnoreCase))
            {
                yield return $"Payments__ExpenseCaps__{category} names no expense category; use one of {string.Join(", ", EventContract.ExpenseCategories)}.";
            }
            else if (cap < 0)
            {
                yield return $"Payments__ExpenseCaps__{category} cannot be negative.";
            }
        }

        foreach (var problem in Mileage.Problems().Concat(Payees.BankDetailsKeys.Problems(BankDetailsKeys, BankDetailsCurrentKeyId)))
        {
            yield return problem;
        }
    }
}

/// <summary>Section <c>Payments__Mileage</c>: pence per business mile.</summary>
public sealed class MileageRates
{
    public long CarPence { get; set; } = 45;

    /// <summary>Cars and vans after <see cref="CarReducedAfterMiles"/> business miles in a tax year.</summary>
    public long CarReducedPence { get; set; } = 25;

    public int CarReducedAfterMiles { get; set; } = 10_000;

    public long PassengerPence { get; set; } = 5;

    public long MotorcyclePence { get; set; } = 24;

    public long BicyclePence { get; set; } = 20;

    public IEnumerable<string> Problems()
    {
        if (new[] { CarPence, CarReducedPence, PassengerPence, MotorcyclePence, BicyclePence }.Any(p => p is < 0 or > 500))
        {
            yield return "Payments__Mileage__* rates must be between 0 and 500 pence a mile.";
        }

        if (CarReducedAfterMiles < 0)
        {
            yield return "Payments__Mileage__CarReducedAfterMiles cannot be negative.";
        }
    }
}
