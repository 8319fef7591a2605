using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Membership;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using MetricDefinition = Involvement.Reporting.Metrics.MetricDefinition;
using MetricUnit = Involvement.Reporting.V1.MetricUnit;
using static Involvement.Reporting.Payments.PaymentArithmetic;

namespace Involvement.Reporting.Payments;

/// <summary>
/// Payments from payments' events: fees and expenses paid, claims paid and their timeliness, budgets used per cost
/// centre, members who declined payment and claims overdue. Money counts by the date paid; fees by care group take
/// the member's care group from the shared members read model (members without one count only in the total).
/// </summary>
public sealed class PaymentsFamily : IMetricFamily
{
    private static readonly IReadOnlyList<string> Paid = ["ClaimPaid"];

    public string SourceService => DeployedServices.Payments;

    public IReadOnlySet<string> DependsOn { get; } = new HashSet<string>([PaymentAreas.Payments, MembershipAreas.Members], StringComparer.Ordinal);

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new(FeesPaid, "Fees paid", "Fees (income to members) paid in claims paid in the period, by the date paid; over the members paid fees.",
            DeployedServices.Payments, [.. Paid, "MemberRegistered", "MemberUpdated"], MetricUnit.Pence, ByCareGroup: true),
        new(ExpensesPaid, "Expenses paid", "Expenses reimbursed in claims paid in the period, per expense category; over the members reimbursed.",
            DeployedServices.Payments, Paid, MetricUnit.Pence, "expense category"),
        new(ClaimsPaid, "Claims paid", "Claims paid in the period.",
            DeployedServices.Payments, Paid, MetricUnit.Count),
        new(PaidOnTimeShare, "Claims paid on time", "Of the claims paid in the period, the share paid on or before their due date.",
            DeployedServices.Payments, Paid, MetricUnit.Percent),
        new(DaysToPayMedian, "Days to pay (median)", "The median number of days from a claim's submission to its payment, over the claims paid in the period.",
            DeployedServices.Payments, Paid, MetricUnit.Days, HigherIsBetter: false),
        new(BudgetUsed, "Budget used", "Paid in the period per cost centre charged (fees, reimbursed expenses and travel the trust booked); over the members paid from it.",
            DeployedServices.Payments, Paid, MetricUnit.Pence, "cost centre"),
        new(BudgetUsedShare, "Budget used share", "Paid from the start of the financial year to the end of the period, as a share of the cost centre's allocation for that year (the total: over cost centres with an allocation).",
            DeployedServices.Payments, [.. Paid, "BudgetAllocated", "BudgetThresholdReached"], MetricUnit.Percent, "cost centre"),
        new(MembersDeclinedPayment, "Members who declined payment", "Members whose payment preference at the end of the period declines fees: expenses only, or declined (fees recorded, never paid).",
            DeployedServices.Payments, ["PaymentPreferenceChanged"], MetricUnit.People, "preference", AtPeriodEnd: true),
        new(ClaimsOverdue, "Claims overdue", "Claims submitted and neither paid nor rejected at the end of the period (today for the current one) whose due date was before it: a flag for the board.",
            DeployedServices.Payments, ["ClaimSubmitted", "ClaimApproved", "ClaimRejected", "ClaimPaid"], MetricUnit.Count, HigherIsBetter: false, AtPeriodEnd: true),
    ];

    public async Task<IReadOnlyList<ComputedFigure>> ComputeAsync(UnitOfWork unit, IReadOnlyList<ReportingPeriod> periods, DateOnly today)
    {
        if (periods.Count == 0)
        {
            return [];
        }

        // Budget shares run from the start of the earliest period's financial year.
        var from = periods.Min(p => p.Year.Start);
        var expenses = (await unit.QueryAsync<(Guid ClaimId, string Category, long Pence)>(
            """
            select e.claim_id, e.category, e.pence from payment_claim_expenses e join payment_claims c using (claim_id) where c.paid_on >= @from
            """, new { from })).ToLookup(e => e.ClaimId);
        var costCentreRows = (await unit.QueryAsync<(Guid ClaimId, string CostCentre, long Pence)>(
            """
            select x.claim_id, x.cost_centre, x.pence from payment_claim_cost_centres x join payment_claims c using (claim_id) where c.paid_on >= @from
            """, new { from })).ToList();
        var byClaim = costCentreRows.ToLookup(x => x.ClaimId);
        var paid = (await unit.QueryAsync<(Guid ClaimId, Guid MemberId, string? CareGroup, DateOnly SubmittedOn, DateOnly PaidOn, bool PaidOnTime, long FeesPence, long ExpensesPence)>(
            """
            select c.claim_id, c.member_id, m.care_group, c.submitted_on, c.paid_on, c.paid_on_time, c.fees_pence, c.expenses_pence
            from payment_claims c left join members m on m.member_id = c.member_id
            where c.paid_on >= @from
            """, new { from }))
            .Select(c => new PaidClaim(c.ClaimId, c.MemberId, c.CareGroup, c.SubmittedOn, c.PaidOn, c.PaidOnTime, c.FeesPence, c.ExpensesPence,
                expenses[c.ClaimId].ToDictionary(e => e.Category, e => e.Pence, StringComparer.Ordinal),
                byClaim[c.ClaimId].ToDictionary(x => x.CostCentre, x => x.Pence, StringComparer.Ordinal)))
            .ToList();
        var claims = (await unit.QueryAsync<(DateOnly SubmittedOn, DateOnly DueOn, DateOnly? PaidOn, DateOnly? RejectedOn)>(
            """
            select submitted_on, due_on, paid_on, rejected_on from payment_claims
            where submitted_on is not null and due_on is not null and (paid_on is null or paid_on >= @from) and (rejected_on is null or rejected_on >= @from)
            """, new { from }))
            .Select(c => new KnownClaim(c.SubmittedOn, c.DueOn, c.PaidOn, c.RejectedOn)).ToList();
        var allocations = (await unit.QueryAsync<(string CostCentre, int FinancialYear, long AllocatedPence)>(
            "select cost_centre, financial_year, allocated_pence from payment_budgets"))
            .Select(b => new BudgetAllocation(b.CostCentre, b.FinancialYear, b.AllocatedPence)).ToList();
        var preferences = (await unit.QueryAsync<(Guid MemberId, long Version, string Preference, DateOnly ChangedOn)>(
            "select member_id, version, preference, changed_on from payment_preferences"))
            .Select(p => new PreferenceChange(p.MemberId, p.Version, p.Preference, p.ChangedOn)).ToList();
        var careGroups = (await unit.QueryAsync<string>(
            "select distinct care_group from members where care_group is not null and registered_at is not null order by 1")).ToList();
        var costCentres = (await unit.QueryAsync<string>(
            "select cost_centre from payment_claim_cost_centres union select cost_centre from payment_budgets order by 1")).ToList();

        return
        [
            .. periods.SelectMany(p => Fees(p, paid, careGroups)
                .Concat(Expenses(p, paid, EventContract.ExpenseCategories))
                .Concat(Timeliness(p, paid))
                .Concat(Budgets(p, paid, allocations, costCentres))
                .Concat(Declined(p, PositionDay(p, today), preferences))
                .Append(Overdue(p, PositionDay(p, today), claims))),
        ];
    }
}
