using Dapper;
using Involvement.BuildingBlocks.Time;

namespace Involvement.FunctionalTests.Payments.Payees;

/// <summary>
/// Fee lines, claims, expense lines and payment runs written straight into payments' tables, as the fee, claim and
/// run sub-domains would leave them: statements and subject access read those tables whoever wrote them.
/// </summary>
public sealed class PaymentRecords(PaymentsFixture fixture, Guid memberId)
{
    public Guid MemberId { get; } = memberId;

    public async Task<Guid> OpportunityAsync(string title)
    {
        var id = Guid.CreateVersion7();
        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync(
            """
            insert into opportunities (opportunity_id, title, kind, cost_centre, rate_reference, role_type, published_on, event_version, updated_at)
            values (@id, @title, 'meeting', 'CC1', 'UHL-CONTRIB', 'contributor', '2026-01-01', 1, now())
            """, new { id, title });
        return id;
    }

    public async Task<Guid> FeeLineAsync(Guid opportunityId, DateOnly sessionDate, long amountPence, string state = "payable", Guid? claimId = null)
    {
        var id = Guid.CreateVersion7();
        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync(
            """
            insert into fee_lines (fee_line_id, participation_id, adjustment, member_id, opportunity_id, session_id, session_starts_at, session_date,
                role_type, rate_reference, hours, units, amount_pence, cost_centre, state, participation_version, claim_id, created_at, updated_at)
            values (@id, @participation, 0, @MemberId, @opportunityId, @session, now(), @sessionDate, 'contributor', 'UHL-CONTRIB', 2, 1, @amountPence,
                'CC1', @state, 1, @claimId, now(), now())
            """,
            new { id, participation = Guid.CreateVersion7(), MemberId, opportunityId, session = Guid.CreateVersion7(), sessionDate, amountPence, state, claimId });
        return id;
    }

    /// <summary>A claim in <paramref name="state"/>, paid at <paramref name="paidAt"/> (on its UK date) when paid.</summary>
    public async Task<(Guid Id, string Reference)> ClaimAsync(string state, DateTime? paidAt = null, string? rejectionReason = null)
    {
        var id = Guid.CreateVersion7();
        var reference = "CL-" + id.ToString("N")[^10..];
        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync(
            """
            insert into claims (claim_id, reference, member_id, state, payment_method, created_at, created_by, submitted_at, submitted_by, due_on,
                approved_at, approved_by, rejected_at, rejected_by, rejection_reason, paid_at, paid_on, version)
            values (@id, @reference, @MemberId, @state, 'bank_transfer', now(), 'test', now(), 'test', '2026-06-01',
                case when @state in ('approved', 'in_run', 'paid') then now() end, case when @state in ('approved', 'in_run', 'paid') then 'approver' end,
                case when @state = 'rejected' then now() end, case when @state = 'rejected' then 'approver' end, @rejectionReason, @paidAt, @paidOn, 1)
            """,
            new
            {
                id, reference, MemberId, state, paidAt, rejectionReason,
                paidOn = paidAt is { } at ? UkTime.DateOf(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))) : (DateOnly?)null,
            });
        return (id, reference);
    }

    public async Task ExpenseLineAsync(Guid claimId, string category, long amountPence, string? receipt = null, bool bookedByTrust = false)
    {
        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync(
            """
            insert into expense_lines (expense_line_id, claim_id, category, incurred_on, vehicle, miles, passengers, amount_pence, receipt_reference,
                booked_by_trust, cost_centre, created_at, created_by)
            values (@id, @claimId, @category, '2026-05-01', case when @category = 'mileage' then 'car' end, case when @category = 'mileage' then 10 end,
                case when @category = 'mileage' then 0 end, @amountPence, @receipt, @bookedByTrust, 'CC1', now(), 'test')
            """,
            new { id = Guid.CreateVersion7(), claimId, category, amountPence, receipt, bookedByTrust });
    }

    public async Task<Guid> ConfirmedRunAsync(Guid claimId, long amountPence)
    {
        var id = Guid.CreateVersion7();
        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync(
            """
            insert into payment_runs (payment_run_id, reference, method, cut_off, state, opened_at, opened_by, confirmed_at, confirmed_by, paid_on, version)
            values (@id, @reference, 'bank_transfer', now(), 'confirmed', now(), 'finance', now(), 'finance', current_date, 2);
            insert into payment_run_claims (payment_run_id, claim_id, amount_pence) values (@id, @claimId, @amountPence);
            """,
            new { id, reference = "RUN-" + id.ToString("N")[^8..], claimId, amountPence });
        return id;
    }
}
