using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;
using Involvement.Payments.Payees;

namespace Involvement.Payments.DataProtection;

/// <summary>
/// Erases what payments holds that identifies a member: their bank details go, the payee is marked erased (the name
/// in known_members is replaced by the member directory's own consumer), and free text on their claims and lines (reasons,
/// queries and answers, cap override reasons, receipt references) is blanked.
/// Claims, fee and expense lines and payment-run records stay: financial records are kept for six years, with no name.
/// Works whichever arrives first, the member's registration or their erasure.
/// </summary>
public sealed class PayeeErasureConsumer(Db db, TimeProvider clock) : IdempotentConsumer<MemberErased>(db)
{
    /// <summary>What free text about an erased member reads as.</summary>
    public const string ErasedText = "(erased)";

    protected override async Task HandleAsync(MemberErased message, UnitOfWork unit)
    {
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        await unit.ExecuteAsync(
            """
            insert into payees (member_id, preference, version, updated_at, updated_by)
            values (@MemberId, @preference, 1, @now, 'erasure')
            on conflict (member_id) do nothing
            """,
            new { message.MemberId, preference = PayeeStore.DefaultPreference, now });
        await unit.ExecuteAsync(
            """
            update payees set erased_at = @now, benefits_information_offered_on = null, version = version + 1, updated_at = @now, updated_by = 'erasure'
            where member_id = @MemberId and erased_at is null
            """,
            new { message.MemberId, now });
        await BankDetailsStore.DeleteAsync(unit, message.MemberId);
        await unit.ExecuteAsync(
            """
            update claims set
                rejection_reason = case when rejection_reason is null then null else @erased end,
                query = case when query is null then null else @erased end,
                query_answer = case when query_answer is null then null else @erased end
            where member_id = @MemberId;
            update fee_lines set cap_override_reason = @erased where member_id = @MemberId and cap_override_reason is not null;
            update expense_lines set receipt_reference = @erased
            where receipt_reference is not null and claim_id in (select claim_id from claims where member_id = @MemberId);
            update payment_run_claims set returned_reason = @erased
            where returned_reason is not null and claim_id in (select claim_id from claims where member_id = @MemberId);
            """,
            new { message.MemberId, erased = ErasedText });
        await IdempotentRequests.ForgetResponsesMentioningAsync(unit, message.MemberId.ToString());
    }
}

public sealed class PayeeErasureConsumerDefinition : RetryingConsumerDefinition<PayeeErasureConsumer>;
