using Involvement.Payments.Runs;

namespace Involvement.UnitTests.Payments;

public sealed class PaymentRunRulesTests
{
    private static readonly Guid ClaimId = Guid.NewGuid();

    private static PaidClaimRow Claim(DateOnly? dueOn, DateTime? submittedAt = null) => new()
    {
        ClaimId = ClaimId, Reference = "T-000001", MemberId = Guid.NewGuid(), Version = 7, AmountPence = 6_150,
        SubmittedAt = submittedAt ?? new DateTime(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc), DueOn = dueOn,
    };

    private static ClaimPartRow Part(string kind, string costCentre, long pence, bool booked = false) =>
        new() { ClaimId = ClaimId, Kind = kind, CostCentre = costCentre, AmountPence = pence, BookedByTrust = booked };

    [Fact]
    public void Splits_the_claim_into_fees_and_expenses_by_category_and_by_cost_centre_with_booked_travel_apart()
    {
        var paid = PaymentRunRules.Paid(Claim(new DateOnly(2026, 6, 15)),
            [Part("fee", "PPI", 4_000), Part("mileage", "PPI", 900), Part("parking", "CARDIO", 250), Part("fee", "CARDIO", 1_000), Part("mileage", "CARDIO", 0),
             Part("fare", "CARDIO", 3_000, booked: true)],
            Guid.NewGuid(), "bank_transfer", new DateOnly(2026, 6, 10), DateTimeOffset.UtcNow);

        Assert.Equal(6_150, paid.Amounts.TotalPence);
        Assert.Equal(5_000, paid.Amounts.FeesPence);
        Assert.Equal(1_150, paid.Amounts.ExpensesPence);
        Assert.Equal(3_000, paid.Amounts.BookedByTrustPence);
        Assert.Equal(new Dictionary<string, long> { ["mileage"] = 900, ["parking"] = 250 }, paid.Amounts.ExpensesByCategoryPence);
        Assert.Equal([new("CARDIO", 4_250), new("PPI", 4_900)], paid.Amounts.CostCentres);
        Assert.Equal(7, paid.AggregateVersion);
        Assert.Equal("T-000001", paid.ClaimReference);
    }

    [Theory]
    [InlineData("2026-06-15", "2026-06-15", true)]
    [InlineData("2026-06-15", "2026-06-16", false)]
    [InlineData(null, "2026-06-16", true)]
    public void Paid_on_time_means_on_or_before_the_due_date(string? dueOn, string paidOn, bool onTime)
    {
        var due = dueOn is null ? (DateOnly?)null : DateOnly.Parse(dueOn, System.Globalization.CultureInfo.InvariantCulture);
        var paid = PaymentRunRules.Paid(Claim(due), [], Guid.NewGuid(), "vouchers", DateOnly.Parse(paidOn, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow);

        Assert.Equal(onTime, paid.PaidOnTime);
    }

    [Fact]
    public void The_submitted_date_is_the_uk_date()
    {
        // 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
        var paid = PaymentRunRules.Paid(Claim(null, new DateTime(2026, 6, 30, 23, 30, 0, DateTimeKind.Utc)), [], Guid.NewGuid(), "vouchers",
            new DateOnly(2026, 7, 2), DateTimeOffset.UtcNow);

        Assert.Equal(new DateOnly(2026, 7, 1), paid.SubmittedOn);
    }
}
