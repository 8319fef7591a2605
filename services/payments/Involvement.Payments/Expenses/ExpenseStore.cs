using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.Claims;
using Involvement.Payments.V1;
using Microsoft.Extensions.Options;

namespace Involvement.Payments.Expenses;

/// <summary>Expense lines: each tied to a session payments knows of, charged to its opportunity's cost centre.</summary>
public sealed class ExpenseStore(TimeProvider clock, IOptions<PaymentsOptions> options)
{
    /// <summary>Adds an expense line to a claim already locked for editing; prices mileage against the member's earlier miles.</summary>
    public async Task<Guid> AddAsync(UnitOfWork unit, ClaimRow claim, NewExpense expense, string actor)
    {
        var session = await unit.QuerySingleOrDefaultAsync<SessionRow>(
            """
            select s.opportunity_id, s.starts_at, o.cost_centre from opportunity_sessions s
            join opportunities o on o.opportunity_id = s.opportunity_id where s.session_id = @sessionId
            """,
            new { sessionId = expense.SessionId })
            ?? throw new NotFoundException($"No session {expense.SessionId} is known here yet. Sessions appear once recruitment publishes their opportunity.");
        var now = clock.GetUtcNowForDatabase();
        var today = UkTime.DateOf(now);
        if (expense.IncurredOn > today && UkTime.DateOf(session.StartsAt) < today)
        {
            var v = new RequestValidator();
            v.Add("incurred_on", "cannot be in the future for a session that has already taken place.");
            v.ThrowIfInvalid();
        }

        var amount = expense.IsMileage ? (await MileageAsync(unit, claim.MemberId, expense)).Value : expense.AmountPence;
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
        return lineId;
    }

    /// <summary>
    /// Prices a mileage line. The member's car miles already claimed in the tax year (in any claim not rejected) decide
    /// how much of it is at the full rate; a lock per member makes two lines added at once count one after the other.
    /// </summary>
    private async Task<BuildingBlocks.Money.Pence> MileageAsync(UnitOfWork unit, Guid memberId, NewExpense expense)
    {
        var earlier = 0m;
        if (expense.Vehicle == Vehicle.Car)
        {
            await unit.ExecuteAsync("select pg_advisory_xact_lock(hashtextextended('mileage:' || @memberId::text, 0))", new { memberId });
            var year = TaxYear.Of(expense.IncurredOn);
            earlier = await unit.QuerySingleOrDefaultAsync<decimal>(
                """
                select coalesce(sum(e.miles), 0) from expense_lines e join claims c on c.claim_id = e.claim_id
                where c.member_id = @memberId and c.state <> 'rejected' and e.category = 'mileage' and e.vehicle = 'car'
                  and e.incurred_on between @start and @end
                """,
                new { memberId, start = year.Start, end = year.End });
        }

        return MileageRules.Amount(expense.Vehicle, expense.Miles, expense.Passengers, earlier, options.Value.Mileage);
    }

    private sealed class SessionRow
    {
        public Guid OpportunityId { get; init; }
        public DateTime StartsAt { get; init; }
        public string CostCentre { get; init; } = "";
    }
}
