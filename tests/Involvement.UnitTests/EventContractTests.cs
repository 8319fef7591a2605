using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Payments;
using Involvement.Contracts.Recruitment;

namespace Involvement.UnitTests;

public sealed class EventContractTests
{
    private static MemberRegistered Registered(string type = LivedExperienceTypes.Carer, int level = 3, string name = "Amara Okafor") =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, 1, Guid.NewGuid(), name, type, level, DateTimeOffset.UtcNow, "Adult mental health", "Canterbury");

    [Fact]
    public void A_registration_within_its_contract_has_no_problems()
    {
        Assert.Empty(EventContract.Problems(Registered()));
    }

    [Fact]
    public void Values_outside_the_contract_are_each_named()
    {
        var problems = EventContract.Problems(Registered(type: "martian", level: 99));

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("livedExperienceType 'martian'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("involvementLevel 99", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_name_is_refused_without_being_repeated()
    {
        var name = "Amara\nOkafor";

        var problem = Assert.Single(EventContract.Problems(Registered(name: name)));

        Assert.StartsWith("displayName", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("Amara", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_name_recruitment_accepts_is_within_the_contract()
    {
        Assert.Empty(EventContract.Problems(Registered(name: new string('a', 100) + " " + new string('b', 100))));
    }

    [Fact]
    public void Statuses_levels_and_the_common_fields_are_checked()
    {
        var status = new MemberStatusChanged(Guid.Empty, default, 0, Guid.NewGuid(), "gone", "active");
        var level = new MemberLevelChanged(Guid.NewGuid(), DateTimeOffset.UtcNow, 2, Guid.Empty, 0, 1);

        Assert.Equal(4, EventContract.Problems(status).Count);   // eventId, occurredAt, aggregateVersion, status
        Assert.Equal(2, EventContract.Problems(level).Count);    // memberId, involvementLevel
    }

    private static ClaimPaid Paid(ClaimAmounts amounts, string method = "bank_transfer", bool onTime = true) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, 4, Guid.NewGuid(), "C-000001", Guid.NewGuid(), Guid.NewGuid(), method,
            new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 15), new DateOnly(2026, 6, 10), onTime, amounts);

    private static readonly ClaimAmounts Good = new(2_000, 750, 2_750, new Dictionary<string, long> { ["mileage"] = 450, ["parking"] = 300 }, 1_200,
        [new("CARDIO", 2_000), new("PPI", 1_950)]);

    [Fact]
    public void A_claim_paid_within_its_contract_has_no_problems()
    {
        Assert.Empty(EventContract.Problems(Paid(Good)));
    }

    [Fact]
    public void Payments_events_whose_parts_do_not_make_their_totals_or_use_unknown_codes_are_refused()
    {
        var bad = Good with
        {
            TotalPence = 9_999,
            ExpensesByCategoryPence = new Dictionary<string, long> { ["mileage"] = 450, ["teleport"] = 300 },
            CostCentres = [new("CARDIO", 2_000)],
        };

        var problems = EventContract.Problems(Paid(bad, method: "cheque", onTime: false));

        Assert.Contains(problems, p => p.StartsWith("amounts.totalPence", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'teleport'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("amounts.costCentres do not add up", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("paymentMethod 'cheque'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("paidOnTime", StringComparison.Ordinal));
        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void Run_and_budget_events_are_checked()
    {
        var run = new PaymentRunConfirmed(Guid.NewGuid(), DateTimeOffset.UtcNow, 2, Guid.Empty, "PR-000001", "vouchers", new DateOnly(2026, 6, 1), 2, 100, 0, 3);
        var budget = new BudgetThresholdReached(Guid.NewGuid(), DateTimeOffset.UtcNow, 1, " ", 1999, 0, 100, 80, 0);

        Assert.Equal(2, EventContract.Problems(run).Count);      // paymentRunId, paidOnTimeCount
        Assert.Equal(3, EventContract.Problems(budget).Count);   // costCentre, financialYear, percent
    }
}
