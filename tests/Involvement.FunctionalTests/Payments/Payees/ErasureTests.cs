using Dapper;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Payments.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Payments.Payees;

public sealed class ErasureTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private PayeeService.PayeeServiceClient Payees() => new(fixture.Calls(Roles.Finance));

    [Fact]
    public async Task Erasure_deletes_bank_details_pseudonymises_the_payee_blanks_claim_text_and_keeps_the_financial_records()
    {
        var erasures = await fixture.ProbeAsync<MemberErased>();
        var memberId = await fixture.KnownMemberAsync("Erin Erase");
        await Payees().SetBankDetailsAsync(new SetBankDetailsRequest
        {
            MemberId = memberId, ExpectedVersion = 1, SortCode = "101010", AccountNumber = "20202020", AccountName = "E Erase",
        });
        await Payees().RecordBenefitsInformationOfferedAsync(new RecordBenefitsInformationOfferedRequest
        {
            MemberId = memberId, ExpectedVersion = 2, OfferedOn = new Google.Type.Date { Year = 2026, Month = 2, Day = 1 },
        });
        var records = new PaymentRecords(fixture, Guid.Parse(memberId));
        var claim = await records.ClaimAsync("rejected", rejectionReason: "Erin's receipt was for someone else");
        var erased = new MemberErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 5, Guid.Parse(memberId), "erasure_requested");

        await erasures.PublishAsync(erased);

        var payee = await Eventually.ValueAsync(async () =>
        {
            var p = (await Payees().GetPayeeAsync(new GetPayeeRequest { MemberId = memberId })).Payee;
            return p.Erased && p.DisplayName == MemberErased.ErasedName ? p : throw new InvalidOperationException("not erased yet");
        }, what: "the payee to be erased");
        Assert.Null(payee.BankDetails);
        Assert.Null(payee.BenefitsInformationOfferedOn);
        Assert.Equal(4, payee.Version);
        await using var db = fixture.OpenDatabase();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from bank_details where member_id = @id", new { id = Guid.Parse(memberId) }));
        Assert.Equal(("rejected", "(erased)"), await db.QuerySingleAsync<(string, string)>(
            "select state, rejection_reason from claims where claim_id = @Id", new { claim.Id }));

        var repeat = erased with { EventId = Guid.CreateVersion7() };   // a second erasure of the same member
        await erasures.PublishAsync(repeat);
        await Eventually.TrueAsync(async () => await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from processed_messages where consumer = 'PayeeErasureConsumer' and message_id = @EventId)", new { repeat.EventId }),
            what: "the repeat to be handled");
        Assert.Equal(4, (await Payees().GetPayeeAsync(new GetPayeeRequest { MemberId = memberId })).Payee.Version);
    }

    [Fact]
    public async Task An_erased_payee_no_longer_changes()
    {
        var erasures = await fixture.ProbeAsync<MemberErased>();
        var memberId = await fixture.KnownMemberAsync();
        await erasures.PublishAsync(new MemberErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 3, Guid.Parse(memberId), "consent_withdrawn"));
        var payee = await Eventually.ValueAsync(async () =>
        {
            var p = (await Payees().GetPayeeAsync(new GetPayeeRequest { MemberId = memberId })).Payee;
            return p.Erased ? p : throw new InvalidOperationException("not erased yet");
        }, what: "the payee to be erased");

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Payees().SetBankDetailsAsync(new SetBankDetailsRequest
        {
            MemberId = memberId, ExpectedVersion = payee.Version, SortCode = "101010", AccountNumber = "20202020", AccountName = "E Erase",
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Payees().SetPaymentPreferenceAsync(new SetPaymentPreferenceRequest
        {
            MemberId = memberId, ExpectedVersion = payee.Version, Preference = PaymentPreference.Vouchers,
        }).ResponseAsync);
    }
}
