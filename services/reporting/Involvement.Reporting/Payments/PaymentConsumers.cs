using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Payments;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Metrics;

namespace Involvement.Reporting.Payments;

/// <summary>The read-model area the payments consumers change.</summary>
public static class PaymentAreas
{
    public const string Payments = "payments";
}

/// <summary>The claim facts each event carries; every event fills only what it knows, so any order ends the same.</summary>
public static class PaymentClaims
{
    public static Task NoteAsync(UnitOfWork unit, Guid claimId, Guid memberId, DateOnly? submittedOn, DateOnly? dueOn, DateOnly? rejectedOn) =>
        unit.ExecuteAsync(
            """
            insert into payment_claims (claim_id, member_id, submitted_on, due_on, rejected_on)
            values (@claimId, @memberId, @submittedOn, @dueOn, @rejectedOn)
            on conflict (claim_id) do update set
                submitted_on = coalesce(payment_claims.submitted_on, excluded.submitted_on),
                due_on = coalesce(payment_claims.due_on, excluded.due_on),
                rejected_on = coalesce(payment_claims.rejected_on, excluded.rejected_on)
            """,
            new { claimId, memberId, submittedOn, dueOn, rejectedOn });
}

public sealed class ClaimSubmittedConsumer(Db db) : ReportingConsumer<ClaimSubmitted>(db)
{
    protected override string SourceService => DeployedServices.Payments;

    protected override string Area => PaymentAreas.Payments;

    protected override DateOnly AffectsFrom(ClaimSubmitted message) => message.SubmittedOn;

    public override Task ApplyAsync(ClaimSubmitted message, UnitOfWork unit) =>
        PaymentClaims.NoteAsync(unit, message.ClaimId, message.MemberId, message.SubmittedOn, message.DueOn, null);
}

public sealed class ClaimApprovedConsumer(Db db) : ReportingConsumer<ClaimApproved>(db)
{
    protected override string SourceService => DeployedServices.Payments;

    protected override string Area => PaymentAreas.Payments;

    protected override DateOnly AffectsFrom(ClaimApproved message) => message.SubmittedOn;

    public override Task ApplyAsync(ClaimApproved message, UnitOfWork unit) =>
        PaymentClaims.NoteAsync(unit, message.ClaimId, message.MemberId, message.SubmittedOn, message.DueOn, null);
}

/// <summary>A rejected claim is no longer overdue from the day it was rejected.</summary>
public sealed class ClaimRejectedConsumer(Db db) : ReportingConsumer<ClaimRejected>(db)
{
    protected override string SourceService => DeployedServices.Payments;

    protected override string Area => PaymentAreas.Payments;

    protected override DateOnly AffectsFrom(ClaimRejected message) => message.SubmittedOn ?? message.RejectedOn;

    public override Task ApplyAsync(ClaimRejected message, UnitOfWork unit) =>
        PaymentClaims.NoteAsync(unit, message.ClaimId, message.MemberId, message.SubmittedOn, null, message.RejectedOn);
}

/// <summary>A claim paid (exactly once): what it paid, by kind, expense category and cost centre.</summary>
public sealed class ClaimPaidConsumer(Db db) : ReportingConsumer<ClaimPaid>(db)
{
    protected override string SourceService => DeployedServices.Payments;

    protected override string Area => PaymentAreas.Payments;

    protected override DateOnly AffectsFrom(ClaimPaid message) => message.SubmittedOn;

    public override async Task ApplyAsync(ClaimPaid message, UnitOfWork unit)
    {
        await PaymentClaims.NoteAsync(unit, message.ClaimId, message.MemberId, message.SubmittedOn, message.DueOn, null);
        await unit.ExecuteAsync(
            """
            update payment_claims
            set paid_on = @PaidOn, paid_on_time = @PaidOnTime, fees_pence = @FeesPence, expenses_pence = @ExpensesPence
            where claim_id = @ClaimId
            """,
            new { message.ClaimId, message.PaidOn, message.PaidOnTime, message.Amounts.FeesPence, message.Amounts.ExpensesPence });
        var categories = message.Amounts.ExpensesByCategoryPence ?? new Dictionary<string, long>();
        await unit.ExecuteAsync(
            """
            insert into payment_claim_expenses (claim_id, category, pence)
            select @ClaimId, c, p from unnest(@categories, @pence) as x(c, p)
            on conflict do nothing
            """,
            new { message.ClaimId, categories = categories.Keys.ToArray(), pence = categories.Values.ToArray() });
        var costCentres = (message.Amounts.CostCentres ?? [])
            .GroupBy(c => c.CostCentre, StringComparer.Ordinal)
            .Select(g => (CostCentre: g.Key, Pence: g.Sum(c => c.AmountPence)))
            .ToList();
        await unit.ExecuteAsync(
            """
            insert into payment_claim_cost_centres (claim_id, cost_centre, pence)
            select @ClaimId, c, p from unnest(@costCentres, @pence) as x(c, p)
            on conflict do nothing
            """,
            new { message.ClaimId, costCentres = costCentres.Select(c => c.CostCentre).ToArray(), pence = costCentres.Select(c => c.Pence).ToArray() });
    }
}

/// <summary>Budget allocations: the highest budget version wins, from either event that carries the allocation.</summary>
public static class PaymentBudgets
{
    public static Task SetAsync(UnitOfWork unit, string costCentre, int financialYear, long allocatedPence, long version) =>
        unit.ExecuteAsync(
            """
            insert into payment_budgets (cost_centre, financial_year, allocated_pence, version)
            values (@costCentre, @financialYear, @allocatedPence, @version)
            on conflict (cost_centre, financial_year) do update
                set allocated_pence = excluded.allocated_pence, version = excluded.version
                where payment_budgets.version < excluded.version
            """,
            new { costCentre, financialYear, allocatedPence, version });
}

public sealed class BudgetAllocatedConsumer(Db db) : ReportingConsumer<BudgetAllocated>(db)
{
    protected override string SourceService => DeployedServices.Payments;

    protected override string Area => PaymentAreas.Payments;

    protected override DateOnly AffectsFrom(BudgetAllocated message) => new FinancialYear(message.FinancialYear).Start;

    public override Task ApplyAsync(BudgetAllocated message, UnitOfWork unit) =>
        PaymentBudgets.SetAsync(unit, message.CostCentre, message.FinancialYear, message.AllocatedPence, message.AggregateVersion);
}

public sealed class BudgetThresholdReachedConsumer(Db db) : ReportingConsumer<BudgetThresholdReached>(db)
{
    protected override string SourceService => DeployedServices.Payments;

    protected override string Area => PaymentAreas.Payments;

    protected override DateOnly AffectsFrom(BudgetThresholdReached message) => new FinancialYear(message.FinancialYear).Start;

    public override Task ApplyAsync(BudgetThresholdReached message, UnitOfWork unit) =>
        PaymentBudgets.SetAsync(unit, message.CostCentre, message.FinancialYear, message.AllocatedPence, message.AggregateVersion);
}

/// <summary>Every preference a payee has had, by version, dated: positions at the end of past periods need them.</summary>
public sealed class PaymentPreferenceChangedConsumer(Db db) : ReportingConsumer<PaymentPreferenceChanged>(db)
{
    protected override string SourceService => DeployedServices.Payments;

    protected override string Area => PaymentAreas.Payments;

    protected override DateOnly AffectsFrom(PaymentPreferenceChanged message) => UkTime.DateOf(message.OccurredAt);

    public override Task ApplyAsync(PaymentPreferenceChanged message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into payment_preferences (member_id, version, preference, changed_on)
            values (@MemberId, @AggregateVersion, @Preference, @changedOn)
            on conflict do nothing
            """,
            new { message.MemberId, message.AggregateVersion, message.Preference, changedOn = UkTime.DateOf(message.OccurredAt) });
}

public sealed class ClaimSubmittedConsumerDefinition : RetryingConsumerDefinition<ClaimSubmittedConsumer>;

public sealed class ClaimApprovedConsumerDefinition : RetryingConsumerDefinition<ClaimApprovedConsumer>;

public sealed class ClaimRejectedConsumerDefinition : RetryingConsumerDefinition<ClaimRejectedConsumer>;

public sealed class ClaimPaidConsumerDefinition : RetryingConsumerDefinition<ClaimPaidConsumer>;

public sealed class BudgetAllocatedConsumerDefinition : RetryingConsumerDefinition<BudgetAllocatedConsumer>;

public sealed class BudgetThresholdReachedConsumerDefinition : RetryingConsumerDefinition<BudgetThresholdReachedConsumer>;

public sealed class PaymentPreferenceChangedConsumerDefinition : RetryingConsumerDefinition<PaymentPreferenceChangedConsumer>;
