using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Payees;

public sealed class StatementTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private StatementService.StatementServiceClient Statements(string role = Roles.Finance, string subject = "test-user") => new(fixture.Calls(role, subject));

    /// <summary>
    /// A year of a member's payments: claim A paid in May 2026 (a fee, mileage without a receipt, parking with one, and
    /// a fare the trust booked); claim B paid at 23:30 UTC on 31 March 2027, which is 1 April in the UK; a payable fee and
    /// a declined fee not yet in any claim; a void fee.
    /// </summary>
    private async Task<(string MemberId, string ClaimA, string ClaimB)> YearAsync()
    {
        var records = new PaymentRecords(fixture, Guid.Parse(await fixture.KnownMemberAsync("Stella Statement")));
        var opportunity = await records.OpportunityAsync("Ward design panel");
        var a = await records.ClaimAsync("paid", new DateTime(2026, 5, 10, 10, 0, 0, DateTimeKind.Utc));
        await records.FeeLineAsync(opportunity, new DateOnly(2026, 5, 1), 2000, claimId: a.Id);
        await records.ExpenseLineAsync(a.Id, "mileage", 450);
        await records.ExpenseLineAsync(a.Id, "parking", 300, receipt: "R-1");
        await records.ExpenseLineAsync(a.Id, "fare", 1200, receipt: "TRUST-BOOKED", bookedByTrust: true);
        var b = await records.ClaimAsync("paid", new DateTime(2027, 3, 31, 23, 30, 0, DateTimeKind.Utc));
        await records.FeeLineAsync(opportunity, new DateOnly(2027, 3, 20), 4000, claimId: b.Id);
        await records.FeeLineAsync(opportunity, new DateOnly(2026, 7, 1), 2000);
        await records.FeeLineAsync(opportunity, new DateOnly(2026, 8, 1), 2000, state: "declined");
        await records.FeeLineAsync(opportunity, new DateOnly(2026, 9, 1), 2000, state: "void");
        return (records.MemberId.ToString(), a.Reference, b.Reference);
    }

    [Fact]
    public async Task A_tax_year_statement_shows_what_was_paid_in_it_by_uk_date_with_fees_as_income_and_expenses_apart()
    {
        var (memberId, claimA, claimB) = await YearAsync();

        var statement = (await Statements(Roles.Member, memberId).GetStatementAsync(new GetStatementRequest
        {
            MemberId = memberId, Period = StatementPeriod.TaxYear, StartYear = 2026,
        })).Statement;

        Assert.Equal(("2026/27", 2026, 4, 6, 2027, 4, 5), (statement.PeriodName, statement.StartsOn.Year, statement.StartsOn.Month, statement.StartsOn.Day,
            statement.EndsOn.Year, statement.EndsOn.Month, statement.EndsOn.Day));
        Assert.Equal([claimA, claimB], statement.Payments.Select(p => p.ClaimReference));
        Assert.Equal((2027, 4, 1), (statement.Payments[1].PaidOn.Year, statement.Payments[1].PaidOn.Month, statement.Payments[1].PaidOn.Day));
        Assert.Equal((2000L, 750L), (statement.Payments[0].FeesPence, statement.Payments[0].ExpensesPence));
        Assert.Equal(["mileage", "parking"], statement.ExpensesPaid.Select(e => e.Category));
        Assert.Equal(new StatementTotals
        {
            FeesPaidPence = 6000, ExpensesPaidPence = 750, ReceiptedExpensesPence = 300, UnreceiptedExpensesPence = 450,
            FeesUnpaidPence = 2000, FeesDeclinedPence = 2000,
        }, statement.Totals);
        Assert.Equal(("Ward design panel", "payable"), (Assert.Single(statement.FeesUnpaid).OpportunityTitle, statement.FeesUnpaid[0].State));
        Assert.Null(statement.FeesUnpaid[0].PaidOn);
        Assert.Equal("Stella Statement", statement.DisplayName);
    }

    [Fact]
    public async Task A_financial_year_ends_on_31_march_so_a_payment_on_1_april_uk_time_falls_in_the_next()
    {
        var (memberId, claimA, claimB) = await YearAsync();

        var fy2026 = (await Statements(Roles.PpiTeam).GetStatementAsync(new GetStatementRequest
        {
            MemberId = memberId, Period = StatementPeriod.FinancialYear, StartYear = 2026,
        })).Statement;
        var fy2027 = (await Statements().GetStatementAsync(new GetStatementRequest
        {
            MemberId = memberId, Period = StatementPeriod.FinancialYear, StartYear = 2027,
        })).Statement;

        Assert.Equal([claimA], fy2026.Payments.Select(p => p.ClaimReference));
        Assert.Equal((2000L, 2000L, 2000L), (fy2026.Totals.FeesPaidPence, fy2026.Totals.FeesUnpaidPence, fy2026.Totals.FeesDeclinedPence));
        Assert.Equal([claimB], fy2027.Payments.Select(p => p.ClaimReference));
        Assert.Equal((4000L, 0L), (fy2027.Totals.FeesPaidPence, fy2027.Totals.ExpensesPaidPence));
    }

    [Fact]
    public async Task A_member_cannot_read_anothers_statement_and_reporting_reads_none()
    {
        var memberId = await fixture.KnownMemberAsync();
        var other = await fixture.KnownMemberAsync();
        var request = new GetStatementRequest { MemberId = memberId, Period = StatementPeriod.TaxYear, StartYear = 2026 };

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Statements(Roles.Member, other).GetStatementAsync(request).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Statements(Roles.ReportingConsumer).GetStatementAsync(request).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Statements().GetStatementAsync(new GetStatementRequest
        {
            MemberId = Guid.NewGuid().ToString(), Period = StatementPeriod.TaxYear, StartYear = 2026,
        }).ResponseAsync);
    }

    [Fact]
    public async Task Bad_requests_name_their_fields()
    {
        await RpcAssert.InvalidFields(() => Statements().GetStatementAsync(new GetStatementRequest { MemberId = "x", StartYear = 1999 }).ResponseAsync,
            "member_id", "period", "start_year");
        await RpcAssert.InvalidFields(() => Statements().GetStatementAsync(new GetStatementRequest
        {
            MemberId = Guid.NewGuid().ToString(), Period = (StatementPeriod)9, StartYear = 2026,
        }).ResponseAsync, "period");
    }
}
