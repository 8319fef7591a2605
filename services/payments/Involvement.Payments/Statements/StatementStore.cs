using Involvement.BuildingBlocks.Data;

namespace Involvement.Payments.Statements;

/// <summary>The fee and expense lines a statement is made of, read from the fee and claim tables.</summary>
public sealed class StatementStore(Db db)
{
    /// <summary>Fee lines in claims paid in the window (by the date finance paid them), and fee lines for sessions in it (void ones never count).</summary>
    public async Task<IReadOnlyList<StatementFeeLine>> FeeLinesAsync(Guid memberId, StatementWindow window, CancellationToken cancellationToken)
    {
        return await db.QueryAsync<StatementFeeLine>(
            """
            select f.fee_line_id, f.session_date, o.title as opportunity_title, f.role_type, f.amount_pence, f.state,
                f.claim_id, c.reference as claim_reference, c.payment_method, case when c.state = 'paid' then c.paid_on end as paid_on
            from fee_lines f
            left join claims c on c.claim_id = f.claim_id
            left join opportunities o on o.opportunity_id = f.opportunity_id
            where f.member_id = @memberId and f.state <> 'void'
              and ((c.state = 'paid' and c.paid_on between @start and @end) or f.session_date between @start and @end)
            """,
            new { memberId, start = window.Start, end = window.End }, cancellationToken);
    }

    /// <summary>Reimbursed expense lines in claims paid in the window (by the date finance paid them); travel the trust booked paid the member nothing.</summary>
    public async Task<IReadOnlyList<StatementExpenseLine>> ExpenseLinesAsync(Guid memberId, StatementWindow window, CancellationToken cancellationToken)
    {
        return await db.QueryAsync<StatementExpenseLine>(
            """
            select c.claim_id, c.reference as claim_reference, c.payment_method, c.paid_on, e.category, e.amount_pence,
                e.receipt_reference is not null as receipted
            from expense_lines e join claims c on c.claim_id = e.claim_id
            where c.member_id = @memberId and c.state = 'paid' and c.paid_on between @start and @end and not e.booked_by_trust
            """,
            new { memberId, start = window.Start, end = window.End }, cancellationToken);
    }
}
