using Involvement.Contracts.Payments;
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

    private static readonly ClaimAmounts Amounts = new(5_000, 1_150, 6_150, new Dictionary<string, long> { ["mileage"] = 1_150 }, 0, [new("PPI", 6_150)]);

    [Fact]
    public void Reports_the_claims_own_amounts()
    {
        var paid = PaymentRunRules.Paid(Claim(new DateOnly(2026, 6, 15)), Amounts, Guid.NewGuid(), "bank_transfer", new DateOnly(2026, 6, 10), DateTimeOffset.UtcNow);

        Assert.Same(Amounts, paid.Amounts);
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
        var paid = PaymentRunRules.Paid(Claim(due), Amounts, Guid.NewGuid(), "vouchers", DateOnly.Parse(paidOn, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow);

        Assert.Equal(onTime, paid.PaidOnTime);
    }

    [Fact]
    public void The_submitted_date_is_the_uk_date()
    {
        // 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
        var paid = PaymentRunRules.Paid(Claim(null, new DateTime(2026, 6, 30, 23, 30, 0, DateTimeKind.Utc)), Amounts, Guid.NewGuid(), "vouchers",
            new DateOnly(2026, 7, 2), DateTimeOffset.UtcNow);

        Assert.Equal(new DateOnly(2026, 7, 1), paid.SubmittedOn);
    }
}
