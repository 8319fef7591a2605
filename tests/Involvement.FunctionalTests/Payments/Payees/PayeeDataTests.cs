using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Payees;

public sealed class PayeeDataTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private PayeeDataService.PayeeDataServiceClient Data(string role = Roles.PpiTeam, string subject = "test-user") => new(fixture.Calls(role, subject));

    [Fact]
    public async Task A_member_exports_everything_payments_holds_on_them_with_bank_details_masked()
    {
        var memberId = await fixture.KnownMemberAsync("Sam Access");
        await new PayeeService.PayeeServiceClient(fixture.Calls(Roles.Member, memberId)).SetBankDetailsAsync(new SetBankDetailsRequest
        {
            MemberId = memberId, ExpectedVersion = 1, SortCode = "203040", AccountNumber = "55667788", AccountName = "S Access",
        });
        var records = new PaymentRecords(fixture, Guid.Parse(memberId));
        var opportunity = await records.OpportunityAsync("Research advisory group");
        var claim = await records.ClaimAsync("paid", DateTime.UtcNow);
        var fee = await records.FeeLineAsync(opportunity, new DateOnly(2026, 5, 1), 2000, claimId: claim.Id);
        var held = await records.FeeLineAsync(opportunity, new DateOnly(2026, 6, 1), 2000, state: "payable");
        await records.ExpenseLineAsync(claim.Id, "mileage", 450);
        var run = await records.ConfirmedRunAsync(claim.Id, 2450);

        var export = await Data(Roles.Member, memberId).ExportPayeeDataAsync(new ExportPayeeDataRequest { MemberId = memberId });

        Assert.Equal(("Sam Access", "**-**-40", "****7788"), (export.Payee.DisplayName, export.Payee.BankDetails.SortCode, export.Payee.BankDetails.AccountNumber));
        Assert.Equal([fee.ToString(), held.ToString()], export.FeeLines.Select(f => f.FeeLineId));
        Assert.Equal(("Research advisory group", "2.00", claim.Id.ToString()), (export.FeeLines[0].OpportunityTitle, export.FeeLines[0].Hours, export.FeeLines[0].ClaimId));
        var exported = Assert.Single(export.Claims);
        Assert.Equal((claim.Reference, "paid", fee.ToString()), (exported.Reference, exported.State, Assert.Single(exported.FeeLineIds)));
        Assert.Equal(("mileage", "car", 450L), (Assert.Single(exported.ExpenseLines).Category, exported.ExpenseLines[0].Vehicle, exported.ExpenseLines[0].AmountPence));
        Assert.Equal((run.ToString(), 2450L), (Assert.Single(export.RunPayments).PaymentRunId, export.RunPayments[0].AmountPence));
        Assert.NotNull(export.RunPayments[0].ConfirmedAt);
        Assert.DoesNotContain("55667788", export.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("S Access", export.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_member_and_reporting_cannot_export_and_a_bad_id_is_named()
    {
        var memberId = await fixture.KnownMemberAsync();
        var other = await fixture.KnownMemberAsync();

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Data(Roles.Member, other).ExportPayeeDataAsync(new ExportPayeeDataRequest { MemberId = memberId }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Data(Roles.ReportingConsumer).ExportPayeeDataAsync(new ExportPayeeDataRequest { MemberId = memberId }).ResponseAsync);
        Assert.Empty((await Data(Roles.Finance).ExportPayeeDataAsync(new ExportPayeeDataRequest { MemberId = memberId })).Claims);
        await RpcAssert.InvalidFields(() => Data().ExportPayeeDataAsync(new ExportPayeeDataRequest { MemberId = "nope" }).ResponseAsync, "member_id");
    }
}
