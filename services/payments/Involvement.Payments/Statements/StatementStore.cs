using Involvement.BuildingBlocks.Data;

namespace Involvement.Payments.Statements;

/// <summary>The fee and expense lines a statement is made of, read from the fee and claim tables.</summary>
public sealed class StatementStore(Db db)
{
    /// <summary>Fee lines in claims paid around the window, and fee lines for sessions in it (void ones never count).</summary>
    public async Task<IReadOnlyList<StatementFeeLine>> FeeLinesAsync(Guid memberId, StatementWindow window, CancellationToken cancellationToken)
    {
        var (from, to) = window.SearchRange;
        return await db.QueryAsync<StatementFeeLine>(
            """
            select f.fee_line_id, f.session_date, o.title as opportunity_title, f.role_type, f.amount_pence, f.state,
                f.claim_id, c.reference as claim_reference, c.payment_method, case when c.state = 'paid' then c.paid_at end as paid_at
            from fee_lines f
            left join claims c on c.claim_id = f.claim_id
            left join opportunities o on o.opportunity_id = f.opportunity_id
            where f.member_id = @memberId and f.state <> 'void'
              and ((c.state = 'paid' and c.paid_at >= @from and c.paid_at < @to) or f.session_date between @start and @end)
            """,
            new { memberId, from, to, start = window.Start, end = window.End }, cancellationToken);
    }

    /// <summary>Reimbursed expense lines in claims paid around the window; travel the trust booked paid the member nothing.</summary>
    public async Task<IReadOnlyList<StatementExpenseLine>> ExpenseLinesAsync(Guid memberId, StatementWindow window, CancellationToken cancellationToken)
    {
        var (from, to) = window.SearchRange;
        return await db.QueryAsync<StatementExpenseLine>(
            """
            select c.claim_id, c.reference as claim_reference, c.payment_method, c.paid_at, e.category, e.amount_pence,
                e.receipt_reference is not null as receipted
            from expense_lines e join claims c on c.claim_id = e.claim_id
            where c.member_id = @memberId and c.state = 'paid' and c.paid_at >= @from and c.paid_at < @to and not e.booked_by_trust
            """,
            new { memberId, from, to }, cancellationToken);
    }
}
