using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Payments;
using Involvement.FunctionalTests.Payments.Claims;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Runs;

/// <summary>The whole way through the API: a member's claim, approved by a second person against a budget, paid by a run.</summary>
public sealed class ApprovedClaimRunTests(ClaimsFixture fixture) : IClassFixture<ClaimsFixture>
{
    [Fact]
    public async Task A_claim_approved_through_the_api_warns_on_its_budget_and_is_paid_once_by_a_vouchers_run()
    {
        var reached = await fixture.ProbeAsync<BudgetThresholdReached>();
        var paidEvents = await fixture.ProbeAsync<ClaimPaid>();
        var costCentre = "CC-RUN-" + Guid.NewGuid().ToString("N")[..6];
        var year = Involvement.BuildingBlocks.Time.FinancialYear.Of(ClaimSteps.Today.AddDays(-1)).StartYear;
        await new BudgetService.BudgetServiceClient(fixture.Calls(Roles.Finance)).SetBudgetAsync(new SetBudgetRequest
        {
            CostCentre = costCentre, FinancialYear = year, AllocatedPence = 1_000,
        });
        var memberId = await fixture.KnownMemberAsync();
        var payees = new PayeeService.PayeeServiceClient(fixture.Calls(Roles.Member, memberId.ToString()));
        var payee = (await payees.GetPayeeAsync(new GetPayeeRequest { MemberId = memberId.ToString() })).Payee;
        await payees.SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest
        {
            MemberId = memberId.ToString(), ExpectedVersion = payee.Version, Preference = PaymentPreference.Vouchers,
        });
        var member = fixture.MemberClaims(memberId);
        var draft = await member.AddParkingAsync(await member.DraftAsync(memberId), await fixture.SessionAsync(memberId, costCentre: costCentre), 850);
        var submitted = await member.SubmitAsync(draft);

        var approved = await fixture.Claims(Roles.PpiTeam, "second-person").ApproveAsync(submitted);

        var warning = Assert.Single(approved.BudgetWarnings);
        Assert.Equal((costCentre, year, 80, 1_000L, 850L), (warning.CostCentre, warning.FinancialYear, warning.Percent, warning.AllocatedPence, warning.CommittedPence));
        Assert.Equal(ClaimPaymentMethod.Vouchers, approved.PaymentMethod);

        var runs = new PaymentRunService.PaymentRunServiceClient(fixture.Calls(Roles.Finance, "finance-officer"));
        var run = (await runs.OpenPaymentRunAsync(new OpenPaymentRunRequest { IdempotencyKey = Guid.NewGuid().ToString(), Method = PaymentRunMethod.Vouchers })).Run;
        Assert.Equal(ClaimState.InRun, (await fixture.Claims().GetAsync(approved.ClaimId)).State);
        await runs.ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = run.PaymentRunId });
        await runs.ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = run.PaymentRunId });
        await fixture.SettledAsync();

        Assert.Equal(ClaimState.Paid, (await fixture.Claims().GetAsync(approved.ClaimId)).State);
        var paid = Assert.Single(paidEvents.Received, e => e.ClaimId.ToString() == approved.ClaimId);
        Assert.Equal(850, paid.Amounts.TotalPence);
        Assert.Equal([new CostCentreAmount(costCentre, 850)], paid.Amounts.CostCentres);
        Assert.Equal(approved.Reference, paid.ClaimReference);
        Assert.Equal([80], reached.Received.Where(e => e.CostCentre == costCentre).Select(e => e.Percent));
        var position = (await new BudgetService.BudgetServiceClient(fixture.Calls(Roles.Finance)).GetBudgetReportAsync(new GetBudgetReportRequest
        {
            FinancialYear = year, CostCentre = costCentre,
        })).Positions.Single();
        Assert.Equal((0L, 850L), (position.CommittedPence, position.PaidPence));
    }
}
