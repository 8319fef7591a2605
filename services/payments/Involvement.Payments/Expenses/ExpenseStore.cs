using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.Claims;
using Involvement.Payments.V1;
using Microsoft.Extensions.Options;

namespace Involvement.Payments.Expenses;

/// <summary>
/// Expense lines: each tied to a session the member has a fee line for (they took part), charged to its opportunity's
/// cost centre.
/// </summary>
public sealed class ExpenseStore(TimeProvider clock, IOptions<PaymentsOptions> options)
{
    /// <summary>Adds an expense line to a claim already locked for editing; prices car mileage against the member's earlier miles.</summary>
    public async Task<Guid> AddAsync(UnitOfWork unit, ClaimRow claim, NewExpense expense, string actor)
    {
        var session = await unit.QuerySingleOrDefaultAsync<SessionRow>(
            """
            select s.opportunity_id, s.starts_at, o.cost_centre from opportunity_sessions s
            join opportunities o on o.opportunity_id = s.opportunity_id where s.session_id = @sessionId
            """,
            new { sessionId = expense.SessionId })
            ?? throw new NotFoundException($"No session {expense.SessionId} is known here yet. Sessions appear once recruitment publishes their opportunity.");
        // Adjustment 0 payable, held or declined: attendance recorded and not corrected to absent (void).
        if (!await unit.QuerySingleOrDefaultAsync<bool>(
                "select exists (select 1 from fee_lines where member_id = @memberId and session_id = @sessionId and adjustment = 0 and state <> 'void')",
                new { memberId = claim.MemberId, sessionId = expense.SessionId }))
        {
            throw new ConflictException("The member has no recorded participation in that session.",
                [new PreconditionViolation("SESSION_NOT_ATTENDED", expense.SessionId.ToString(),
                    "Expenses are claimed only for a session the member's participation was recorded for.")]);
        }

        var now = clock.GetUtcNowForDatabase();
        var today = UkTime.DateOf(now);
        if (expense.IncurredOn > today && UkTime.DateOf(session.StartsAt) < today)
        {
            var v = new RequestValidator();
            v.Add("incurred_on", "cannot be in the future for a session that has already taken place.");
            v.ThrowIfInvalid();
        }

        // Car mileage is priced once the line is in, with the claim's other car lines (below).
        var amount = !expense.IsMileage ? expense.AmountPence
            : expense.Vehicle == Vehicle.Car ? 0
            : MileageRules.Amount(expense.Vehicle, expense.Miles, expense.Passengers, 0m, options.Value.Mileage).Value;
        var lineId = Guid.CreateVersion7(now);
        await unit.ExecuteAsync(
            """
            insert into expense_lines (expense_line_id, claim_id, category, opportunity_id, session_id, incurred_on, vehicle, miles, passengers,
                amount_pence, receipt_reference, booked_by_trust, cost_centre, created_at, created_by)
            values (@lineId, @claimId, @category, @opportunityId, @sessionId, @incurredOn, @vehicle, @miles, @passengers,
                @amount, @receipt, @booked, @costCentre, @now, @actor)
            """,
            new
            {
                lineId,
                claimId = claim.ClaimId,
                category = ClaimCodes.Of(expense.Category),
                opportunityId = session.OpportunityId,
                sessionId = expense.SessionId,
                incurredOn = expense.IncurredOn,
                vehicle = expense.IsMileage ? ClaimCodes.Of(expense.Vehicle) : null,
                miles = expense.IsMileage ? expense.Miles : (decimal?)null,
                passengers = expense.IsMileage ? expense.Passengers : (int?)null,
                amount,
                receipt = expense.ReceiptReference,
                booked = expense.BookedByTrust,
                costCentre = string.IsNullOrWhiteSpace(session.CostCentre) ? options.Value.DefaultCostCentre : session.CostCentre,
                now = now.UtcDateTime,
                actor,
            });
        if (expense.IsMileage && expense.Vehicle == Vehicle.Car)
        {
            await RepriceMileageAsync(unit, claim);
        }

        return lineId;
    }

    /// <summary>
    /// Prices the claim's car mileage lines again (on every car line added, and on submit and resubmit, since earlier
    /// claims may have been rejected or lines removed meanwhile). Under a lock per member, so two claims are priced one
    /// after the other. What counts as the member's earlier miles: <see cref="MileageRules.EarlierCarMiles"/> over this
    /// claim's car lines and those of the member's claims that went forward (submitted and not rejected) — never
    /// another draft, which may be abandoned.
    /// </summary>
    public async Task RepriceMileageAsync(UnitOfWork unit, ClaimRow claim)
    {
        if (!await unit.QuerySingleOrDefaultAsync<bool>(
                "select exists (select 1 from expense_lines where claim_id = @claimId and category = 'mileage' and vehicle = 'car')",
                new { claimId = claim.ClaimId }))
        {
            return;
        }

        await unit.ExecuteAsync("select pg_advisory_xact_lock(hashtextextended('mileage:' || @memberId::text, 0))", new { memberId = claim.MemberId });
        var lines = (await unit.QueryAsync<CarMileage>(
            """
            select e.expense_line_id, e.claim_id, e.incurred_on, e.created_at, e.miles, coalesce(e.passengers, 0) as passengers, e.amount_pence
            from expense_lines e join claims c on c.claim_id = e.claim_id
            where c.member_id = @memberId and e.category = 'mileage' and e.vehicle = 'car'
              and (c.claim_id = @claimId or c.state = any(@forward))
            """,
            new { memberId = claim.MemberId, claimId = claim.ClaimId, forward = ClaimStates.WentForward.ToArray() })).ToList();
        var rates = options.Value.Mileage;
        foreach (var line in lines.Where(l => l.ClaimId == claim.ClaimId))
        {
            var amount = MileageRules.Amount(Vehicle.Car, line.Miles, line.Passengers, MileageRules.EarlierCarMiles(lines, line), rates).Value;
            if (amount != line.AmountPence)
            {
                await unit.ExecuteAsync("update expense_lines set amount_pence = @amount where expense_line_id = @ExpenseLineId",
                    new { amount, line.ExpenseLineId });
            }
        }
    }

    private sealed class SessionRow
    {
        public Guid OpportunityId { get; init; }
        public DateTime StartsAt { get; init; }
        public string CostCentre { get; init; } = "";
    }
}
