using Dapper;
using Involvement.Contracts.Recruitment;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Payments.Payees;

/// <summary>Erasure blanks the free text on a member's lines too, not only on their claims.</summary>
public sealed class ErasureFreeTextTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    [Fact]
    public async Task Erasure_blanks_cap_override_reasons_and_receipt_references_and_keeps_the_amounts()
    {
        var erasures = await fixture.ProbeAsync<MemberErased>();
        var memberId = Guid.Parse(await fixture.KnownMemberAsync("Rita Receipt"));
        var records = new PaymentRecords(fixture, memberId);
        var claim = await records.ClaimAsync("paid", paidAt: DateTime.UtcNow);
        await records.ExpenseLineAsync(claim.Id, "parking", 1500, receipt: "Rita's NCP receipt 7741");
        var fee = await records.FeeLineAsync(await records.OpportunityAsync("Erasure opportunity"), new DateOnly(2026, 6, 1), 2000, claimId: claim.Id);
        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync("update fee_lines set cap_override_reason = 'Rita chaired two extra meetings', cap_override_by = 'finance' where fee_line_id = @fee",
            new { fee });

        var erased = new MemberErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 5, memberId, "erasure_requested");
        await erasures.PublishAsync(erased);
        await Eventually.TrueAsync(async () => await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from processed_messages where consumer = 'PayeeErasureConsumer' and message_id = @EventId)", new { erased.EventId }),
            what: "the erasure to be handled");

        Assert.Equal(("(erased)", 2000L), await db.QuerySingleAsync<(string, long)>(
            "select cap_override_reason, amount_pence from fee_lines where fee_line_id = @fee", new { fee }));
        Assert.Equal(("(erased)", 1500L), await db.QuerySingleAsync<(string, long)>(
            "select receipt_reference, amount_pence from expense_lines where claim_id = @Id", new { claim.Id }));
    }
}
