using Dapper;
using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Payments;
using Involvement.FunctionalTests.Payments.Payees;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Runs;

/// <summary>The date finance paid a run is the date its claims were paid: on ClaimPaid, in statements and in the data export.</summary>
public sealed class PaidOnTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private readonly ClaimSeed _seed = new(fixture.OpenDatabase);

    private PaymentRunService.PaymentRunServiceClient Runs() => new(fixture.Calls(Roles.Finance, "finance-officer"));

    private static Google.Type.Date Date(DateOnly on) => ProtoDates.ToProto(on);

    /// <summary>A vouchers run holding a claim of a known member, opened <paramref name="daysAgo"/> days ago (UK dates).</summary>
    private async Task<(ClaimSeed.Seeded Claim, PaymentRun Run)> RunOpenedDaysAgoAsync(int daysAgo)
    {
        var memberId = Guid.Parse(await fixture.KnownMemberAsync("Paula Paid"));
        var claim = await _seed.ClaimAsync(memberId: memberId, approvedAt: DateTimeOffset.UtcNow.AddDays(-daysAgo - 1));
        var run = (await Runs().OpenPaymentRunAsync(new OpenPaymentRunRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), Method = PaymentRunMethod.Vouchers, CutOff = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        })).Run;
        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync("update payment_runs set opened_at = opened_at - make_interval(days => @daysAgo) where payment_run_id = @id::uuid",
            new { daysAgo, id = run.PaymentRunId });
        return (claim, run);
    }

    [Fact]
    public async Task A_claim_is_paid_on_the_runs_paid_on_date_not_the_day_it_was_confirmed()
    {
        var paidEvents = await fixture.ProbeAsync<ClaimPaid>();
        var (claim, run) = await RunOpenedDaysAgoAsync(3);
        var paidOn = TimeProvider.System.Today().AddDays(-2);

        await Runs().ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = run.PaymentRunId, PaidOn = Date(paidOn) });

        Assert.Equal(paidOn, (await paidEvents.WaitForAsync(e => e.ClaimId == claim.ClaimId)).PaidOn);
        await using (var db = fixture.OpenDatabase())
        {
            Assert.Equal(paidOn, await db.ExecuteScalarAsync<DateOnly>("select paid_on from claims where claim_id = @ClaimId", new { claim.ClaimId }));
        }

        var memberId = claim.MemberId.ToString();
        var statement = (await new StatementService.StatementServiceClient(fixture.Calls(Roles.Member, memberId)).GetStatementAsync(new GetStatementRequest
        {
            MemberId = memberId, Period = StatementPeriod.TaxYear, StartYear = TaxYear.Of(paidOn).StartYear,
        })).Statement;
        Assert.Equal(Date(paidOn), Assert.Single(statement.Payments, p => p.ClaimReference == claim.Reference).PaidOn);
        var export = await new PayeeDataService.PayeeDataServiceClient(fixture.Calls(Roles.Member, memberId))
            .ExportPayeeDataAsync(new ExportPayeeDataRequest { MemberId = memberId });
        Assert.Equal(Date(paidOn), Assert.Single(export.Claims, c => c.Reference == claim.Reference).PaidOn);
        Assert.Equal(Date(paidOn), Assert.Single(export.RunPayments, p => p.ClaimId == claim.ClaimId.ToString()).PaidOn);
    }

    [Fact]
    public async Task A_run_cannot_be_paid_before_the_day_it_was_opened()
    {
        var (claim, run) = await RunOpenedDaysAgoAsync(3);

        await RpcAssert.InvalidFields(() => Runs().ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest
        {
            PaymentRunId = run.PaymentRunId, PaidOn = Date(TimeProvider.System.Today().AddDays(-4)),
        }).ResponseAsync, "paid_on");

        Assert.Equal("in_run", await _seed.StateAsync(claim.ClaimId));
        var confirmed = await Runs().ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest
        {
            PaymentRunId = run.PaymentRunId, PaidOn = Date(TimeProvider.System.Today().AddDays(-3)),
        });
        Assert.True(confirmed.Changed);
    }
}
