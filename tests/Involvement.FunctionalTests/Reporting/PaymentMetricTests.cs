using Involvement.Contracts;
using Involvement.Contracts.Payments;
using Involvement.TestKit;
using static Involvement.FunctionalTests.Reporting.MetricFigures;

namespace Involvement.FunctionalTests.Reporting;

// Tests in one class share a database and run one at a time: each uses a financial year of its own (2012, 2014), and
// its scenario leaves no position (a preference, an unpaid claim) open into the other's year.
public sealed class PaymentMetricTests(ReportingFixture fixture) : IClassFixture<ReportingFixture>
{
    private const string GroupA = "Payments test group A";
    private const string GroupB = "Payments test group B";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Every_payments_metric_from_events_delivered_in_order()
    {
        await PublishAllAsync(fixture, Scenario(2014));

        await ExpectAsync(fixture, 2014, 1, FirstQuarter);
        await ExpectAsync(fixture, 2014, 2, SecondQuarter);
    }

    [Fact]
    public async Task Shuffled_and_repeated_delivery_gives_the_same_figures()
    {
        var events = Scenario(2012);
        // A claim paid again under a new event id (a replay) is still paid once.
        var replayed = events.OfType<ClaimPaid>().Take(3).Select(c => (IIntegrationEvent)(c with { EventId = Guid.CreateVersion7() }));
        await PublishAllAsync(fixture, ShuffledAndRepeated(events.Concat(replayed), seed: 2012));

        await ExpectAsync(fixture, 2012, 1, FirstQuarter);
        await ExpectAsync(fixture, 2012, 2, SecondQuarter);
    }

    private static readonly Dictionary<Figure, string> FirstQuarter = new()
    {
        [new("payments.fees_paid")] = "8500",
        [new("payments.fees_paid", CareGroup: GroupA)] = "8000",
        [new("payments.fees_paid", CareGroup: GroupB)] = "*",           // one member
        [new("payments.expenses_paid")] = "1700",
        [new("payments.expenses_paid", "mileage")] = "1600",
        [new("payments.expenses_paid", "fare")] = "*",
        [new("payments.expenses_paid", "parking")] = "0",
        [new("payments.claims_paid")] = "9",
        [new("payments.paid_on_time_share")] = "88.9",
        [new("payments.days_to_pay_median")] = "19",
        [new("payments.budget_used")] = "10200",
        [new("payments.budget_used", "PT-CC1")] = "9900",
        [new("payments.budget_used", "PT-CC2")] = "*",
        [new("payments.budget_used_share")] = "10",
        [new("payments.budget_used_share", "PT-CC1")] = "10",
        [new("payments.budget_used_share", "PT-CC2")] = "10",
        [new("payments.members_declined_payment")] = "10",                // 9, rounded: expenses-only's 1 must not be given away
        [new("payments.members_declined_payment", "declined")] = "10",    // 8
        [new("payments.members_declined_payment", "expenses_only")] = "*",
        [new("payments.claims_overdue")] = "2",
    };

    private static readonly Dictionary<Figure, string> SecondQuarter = new()
    {
        [new("payments.fees_paid")] = "0",
        [new("payments.expenses_paid")] = "*",                          // 50 from one person
        [new("payments.expenses_paid", "parking")] = "*",
        [new("payments.claims_paid")] = "1",
        [new("payments.paid_on_time_share")] = "0",
        [new("payments.days_to_pay_median")] = "*",                        // a median over one person
        [new("payments.budget_used_share", "PT-CC2")] = "11.7",           // 350 of 3000 by the end of September
        [new("payments.members_declined_payment")] = "9",
        [new("payments.members_declined_payment", "expenses_only")] = "0",
        [new("payments.claims_overdue")] = "1",
    };

    // Q1: eight members of group A are paid on time (19 days: fees 1000, mileage 200, all to PT-CC1); one of group B
    // is paid late (40 days: fees 500, fare 100, split between PT-CC1 and PT-CC2). Two claims due in May are still
    // open at the end of June; one is rejected in Q2, the other paid in Q3. A claim submitted in June is paid late in
    // Q2 (parking 50 to PT-CC2). PT-CC1's budget is 990.00 (set twice), PT-CC2's 30.00 (from a threshold event).
    // Eight members decline payment from May, one takes expenses only until August, one more declines in August;
    // all go back to bank transfer in December.
    private static List<IIntegrationEvent> Scenario(int year)
    {
        var events = new List<IIntegrationEvent>();
        DateOnly On(int month, int day) => new(year, month, day);
        var groupA = Enumerable.Range(0, 8).Select(_ => Events.MemberRegistered() with { CareGroup = GroupA }).ToList();
        var groupB = Events.MemberRegistered() with { CareGroup = GroupB };
        events.AddRange(groupA);
        events.Add(groupB);
        foreach (var m in groupA)
        {
            events.AddRange(Paid(m.MemberId, On(5, 1), On(5, 20), 1000, new() { ["mileage"] = 200 }, [new("PT-CC1", 1200)]));
        }

        events.AddRange(Paid(groupB.MemberId, On(5, 1), On(6, 10), 500, new() { ["fare"] = 100 }, [new("PT-CC1", 300), new("PT-CC2", 300)]));
        events.AddRange(Paid(Guid.CreateVersion7(), On(6, 20), On(7, 25), 0, new() { ["parking"] = 50 }, [new("PT-CC2", 50)]));

        var unpaid = Guid.CreateVersion7();
        var rejected = Guid.CreateVersion7();
        foreach (var (claim, member) in new[] { (unpaid, Guid.CreateVersion7()), (rejected, Guid.CreateVersion7()) })
        {
            events.Add(new ClaimSubmitted(Guid.CreateVersion7(), Now, 2, claim, "C-T", member, "bank_transfer", On(4, 10), On(5, 8), Amounts(100, [])));
            events.Add(new ClaimApproved(Guid.CreateVersion7(), Now, 3, claim, "C-T", member, "bank_transfer", On(4, 10), On(5, 8), On(4, 12), Amounts(100, [])));
        }

        events.Add(new ClaimRejected(Guid.CreateVersion7(), Now, 4, rejected, "C-T", Guid.CreateVersion7(), On(4, 10), On(7, 15), Amounts(100, [])));
        events.Add(new ClaimPaid(Guid.CreateVersion7(), Now, 4, unpaid, "C-T", Guid.CreateVersion7(), Guid.CreateVersion7(), "bank_transfer",
            On(4, 10), On(5, 8), On(10, 5), false, Amounts(100, [], [new("PT-CC3", 100)])));

        events.Add(new BudgetAllocated(Guid.CreateVersion7(), Now, 1, "PT-CC1", year, 50_000));
        events.Add(new BudgetAllocated(Guid.CreateVersion7(), Now, 2, "PT-CC1", year, 99_000));
        events.Add(new BudgetThresholdReached(Guid.CreateVersion7(), Now, 3, "PT-CC2", year, 80, 3_000, 2_400, 0));

        var decliners = Enumerable.Range(0, 9).Select(_ => Guid.CreateVersion7()).ToList();
        var preferences = decliners.Take(8).Select(m => Preference(m, 2, "declined", On(5, 1)))
            .Append(Preference(decliners[8], 2, "expenses_only", On(5, 1)))
            .Append(Preference(decliners[8], 3, "declined", On(8, 1)))
            .Concat(decliners.Select(m => Preference(m, 4, "bank_transfer", On(12, 1))));
        events.AddRange(preferences);
        return events;
    }

    private static PaymentPreferenceChanged Preference(Guid memberId, long version, string preference, DateOnly on) =>
        new(Guid.CreateVersion7(), new DateTimeOffset(on.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), version, memberId, preference);

    private static IEnumerable<IIntegrationEvent> Paid(Guid memberId, DateOnly submittedOn, DateOnly paidOn, long fees, Dictionary<string, long> expenses,
        IReadOnlyList<CostCentreAmount> costCentres)
    {
        var claimId = Guid.CreateVersion7();
        var dueOn = submittedOn.AddDays(28);
        var amounts = Amounts(fees, expenses, costCentres);
        yield return new ClaimSubmitted(Guid.CreateVersion7(), Now, 2, claimId, "C-T", memberId, "bank_transfer", submittedOn, dueOn, amounts);
        yield return new ClaimApproved(Guid.CreateVersion7(), Now, 3, claimId, "C-T", memberId, "bank_transfer", submittedOn, dueOn, submittedOn.AddDays(1), amounts);
        yield return new ClaimPaid(Guid.CreateVersion7(), Now, 4, claimId, "C-T", memberId, Guid.CreateVersion7(), "bank_transfer", submittedOn, dueOn, paidOn,
            paidOn <= dueOn, amounts);
    }

    private static ClaimAmounts Amounts(long fees, Dictionary<string, long> expenses, IReadOnlyList<CostCentreAmount>? costCentres = null)
    {
        var expensesPence = expenses.Values.Sum();
        return new ClaimAmounts(fees, expensesPence, fees + expensesPence, expenses, 0, costCentres ?? [new("PT-CC9", fees + expensesPence)]);
    }
}
