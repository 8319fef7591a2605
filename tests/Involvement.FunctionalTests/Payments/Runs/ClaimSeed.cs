using Dapper;
using Npgsql;

namespace Involvement.FunctionalTests.Payments.Runs;

/// <summary>
/// Claims in the states runs and budgets read, written straight into the payments database: the claim lifecycle's own
/// RPCs are tested in its area, and a run needs approved claims by the thousand, at chosen approval times.
/// </summary>
public sealed class ClaimSeed(Func<NpgsqlConnection> open)
{
    public sealed record Seeded(Guid ClaimId, string Reference, Guid MemberId, long AmountPence);

    /// <summary>A claim of expenses (mileage and parking) for a member, in <paramref name="state"/>.</summary>
    public async Task<Seeded> ClaimAsync(
        string method = "vouchers", string state = "approved", DateTimeOffset? approvedAt = null, Guid? memberId = null,
        string costCentre = "PPI", DateOnly? incurredOn = null, long mileagePence = 900, long parkingPence = 350, long bookedPence = 0,
        DateOnly? dueOn = null)
    {
        await using var db = open();
        var claimId = Guid.CreateVersion7();
        var member = memberId ?? Guid.CreateVersion7();
        var approved = approvedAt ?? DateTimeOffset.UtcNow.AddHours(-1);
        var on = incurredOn ?? DateOnly.FromDateTime(approved.UtcDateTime.AddDays(-3));
        var reference = await db.ExecuteScalarAsync<string>(
            """
            insert into claims (claim_id, reference, member_id, state, payment_method, created_at, created_by, submitted_at, submitted_by, due_on,
                approved_at, approved_by, version)
            values (@claimId, 'T-' || lpad(nextval('claim_numbers')::text, 6, '0'), @member, @state, @method, @created, 'seed', @submitted, 'seed',
                @dueOn, @approvedAt, 'seed-approver', 3)
            returning reference
            """,
            new
            {
                claimId, member, state, method, created = approved.UtcDateTime.AddDays(-2), submitted = approved.UtcDateTime.AddDays(-1),
                dueOn = dueOn ?? DateOnly.FromDateTime(approved.UtcDateTime.AddDays(13)),
                approvedAt = state is "approved" or "in_run" or "paid" ? approved.UtcDateTime : (DateTime?)null,
            });
        foreach (var (category, pence, booked) in new[] { ("mileage", mileagePence, false), ("parking", parkingPence, false), ("fare", bookedPence, true) })
        {
            if (pence > 0)
            {
                await db.ExecuteAsync(
                    """
                    insert into expense_lines (expense_line_id, claim_id, category, incurred_on, amount_pence, booked_by_trust, cost_centre, created_at, created_by)
                    values (@id, @claimId, @category, @on, @pence, @booked, @costCentre, now(), 'seed')
                    """,
                    new { id = Guid.CreateVersion7(), claimId, category, on, pence, booked, costCentre });
            }
        }

        return new Seeded(claimId, reference!, member, mileagePence + parkingPence);
    }

    /// <summary>A fee line held for a reason (committed against the budget, not yet claimable).</summary>
    public async Task HeldFeeAsync(string costCentre, DateOnly sessionDate, long pence)
    {
        await using var db = open();
        await db.ExecuteAsync(
            """
            insert into fee_lines (fee_line_id, participation_id, member_id, opportunity_id, session_id, session_starts_at, session_date, role_type,
                rate_reference, hours, amount_pence, cost_centre, state, hold_reason, participation_version, created_at, updated_at)
            values (@id, @id, @id, @id, @id, @starts, @sessionDate, 'critical_friend', 'UHL-1', 2, @pence, @costCentre, 'held', 'over_monthly_cap', 1, now(), now())
            """,
            new { id = Guid.CreateVersion7(), starts = sessionDate.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc), sessionDate, pence, costCentre });
    }

    public async Task<string> StateAsync(Guid claimId)
    {
        await using var db = open();
        return await db.ExecuteScalarAsync<string>("select state from claims where claim_id = @claimId", new { claimId }) ?? "";
    }
}
