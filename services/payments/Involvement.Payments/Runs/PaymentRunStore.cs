using System.Runtime.CompilerServices;
using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Payments.Claims;
using Npgsql;

namespace Involvement.Payments.Runs;

/// <summary>
/// Payment runs: which approved claims a run gathers, its exports, and reading it. Confirming and returning are in
/// PaymentRunStore.Settle.cs. A claim is in at most one live run (uq_payment_run_claims_live); claims move
/// approved -> in_run -> paid, or back to approved when returned.
/// </summary>
public sealed partial class PaymentRunStore(Db db, TimeProvider clock)
{
    public const string ClaimTokenList = "payment-run-claims";
    public const string RunTokenList = "payment-runs";

    private const string SelectRuns =
        """
        select r.payment_run_id, r.reference, r.method, r.cut_off, r.state, r.opened_at, r.opened_by, r.confirmed_at, r.confirmed_by,
            r.paid_on, r.version,
            (select count(*)::int from payment_run_claims c where c.payment_run_id = r.payment_run_id and c.returned_at is null) as claim_count,
            (select coalesce(sum(c.amount_pence), 0)::bigint from payment_run_claims c
             where c.payment_run_id = r.payment_run_id and c.returned_at is null) as total_pence,
            (select count(*)::int from payment_run_claims c where c.payment_run_id = r.payment_run_id and c.returned_at is not null) as returned_count,
            (select count(*)::int from payment_run_exports e where e.payment_run_id = r.payment_run_id) as export_count
        from payment_runs r
        """;

    private const string SelectRun = SelectRuns + " where r.payment_run_id = @runId";

    /// <summary>
    /// Opens a run and moves into it every approved claim of the method approved at or before the cut-off (for a bank
    /// transfer, only payees with bank details; the others stay approved and are returned as left out). Claims are
    /// locked as they join, so two runs opened at once never share one.
    /// </summary>
    public async Task<(PaymentRunRow Run, IReadOnlyList<LeftOutClaimRow> LeftOut)> OpenAsync(UnitOfWork unit, string method, DateTimeOffset cutOff, string actor)
    {
        var now = clock.GetUtcNowForDatabase();
        var runId = Guid.CreateVersion7(now);
        await unit.ExecuteAsync(
            """
            insert into payment_runs (payment_run_id, reference, method, cut_off, state, opened_at, opened_by, version)
            values (@runId, 'PR-' || lpad(nextval('payment_run_numbers')::text, 6, '0'), @method, @cutOff, 'open', @now, @actor, 1)
            """,
            new { runId, method, cutOff = cutOff.UtcDateTime, now = now.UtcDateTime, actor });
        var moved = (await unit.QueryAsync<Guid>(
            """
            with eligible as (
                select c.claim_id from claims c
                where c.state = 'approved' and c.payment_method = @method and c.approved_at <= @cutOff
                  and (@method = 'vouchers' or exists (select 1 from bank_details b where b.member_id = c.member_id))
                order by c.claim_id
                for update of c
            )
            update claims c set state = 'in_run', version = c.version + 1
            from eligible e where c.claim_id = e.claim_id
            returning c.claim_id
            """,
            new { method, cutOff = cutOff.UtcDateTime })).AsList();
        // Each claim's amount as the claim itself counts it (ClaimMoney), fixed for the run when it joins.
        var amounts = await ClaimStore.AmountsAsync(unit, moved);
        await unit.ExecuteAsync(
            """
            insert into payment_run_claims (payment_run_id, claim_id, amount_pence)
            select @runId, m.claim_id, m.amount_pence from unnest(@ids::uuid[], @pence::bigint[]) as m(claim_id, amount_pence)
            """,
            new { runId, ids = moved.ToArray(), pence = moved.Select(id => amounts[id].TotalPence).ToArray() });
        var leftOut = method == PaymentRunCodes.BankTransfer
            ? (await unit.QueryAsync<LeftOutClaimRow>(
                """
                select c.claim_id, c.reference, c.member_id from claims c
                where c.state = 'approved' and c.payment_method = 'bank_transfer' and c.approved_at <= @cutOff
                  and not exists (select 1 from bank_details b where b.member_id = c.member_id)
                order by c.claim_id
                """,
                new { cutOff = cutOff.UtcDateTime })).AsList()
            : [];
        return (await ReadAsync(unit, runId), leftOut);
    }

    public async Task<PaymentRunRow> GetAsync(Guid runId, CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<PaymentRunRow>(SelectRun, new { runId }, cancellationToken) ?? throw NotFound(runId);

    /// <summary>Runs newest first (ids are time-ordered), optionally in one state.</summary>
    public async Task<Page<PaymentRunRow>> ListAsync(string? state, int pageSize, Guid? before, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<PaymentRunRow>(
            SelectRuns + """
             where (@state::text is null or r.state = @state) and (@before::uuid is null or r.payment_run_id < @before)
            order by r.payment_run_id desc limit @limit
            """,
            new { state, before, limit = pageSize + 1 }, cancellationToken);
        return Page.Of(rows, pageSize, RunTokenList, r => r.PaymentRunId);
    }

    /// <summary>Who exported the run and when, oldest first.</summary>
    public Task<IReadOnlyList<PaymentRunExportRow>> ExportsAsync(Guid runId, CancellationToken cancellationToken) =>
        db.QueryAsync<PaymentRunExportRow>(
            "select exported_at, exported_by from payment_run_exports where payment_run_id = @runId order by exported_at, export_id",
            new { runId }, cancellationToken);

    public async Task<Page<PaymentRunClaimRow>> ListClaimsAsync(Guid runId, int pageSize, Guid? after, CancellationToken cancellationToken)
    {
        await GetAsync(runId, cancellationToken);   // an unknown run is not found, not an empty list
        var rows = await db.QueryAsync<PaymentRunClaimRow>(
            """
            select r.claim_id, c.reference as claim_reference, c.member_id, r.amount_pence, r.returned_at, r.returned_by, r.returned_reason
            from payment_run_claims r join claims c on c.claim_id = r.claim_id
            where r.payment_run_id = @runId and (@after::uuid is null or r.claim_id > @after)
            order by r.claim_id limit @limit
            """,
            new { runId, after, limit = pageSize + 1 }, cancellationToken);
        return Page.Of(rows, pageSize, ClaimTokenList, r => r.ClaimId);
    }

    /// <summary>Records an export (who, when, which run) before any bank details are read; returns the run.</summary>
    public async Task<PaymentRunRow> RecordExportAsync(UnitOfWork unit, Guid runId, string actor)
    {
        var now = clock.GetUtcNowForDatabase();
        var recorded = await unit.ExecuteAsync(
            """
            insert into payment_run_exports (export_id, payment_run_id, exported_at, exported_by)
            select @exportId, payment_run_id, @now, @actor from payment_runs where payment_run_id = @runId
            """,
            new { exportId = Guid.CreateVersion7(now), runId, now = now.UtcDateTime, actor });
        return recorded == 1 ? await ReadAsync(unit, runId) : throw NotFound(runId);
    }

    /// <summary>
    /// For a bank transfer export: the run's claims whose payee has no bank details now (erased or removed since the
    /// run opened), or details under a key this deployment cannot read. Either would make a row that cannot be paid.
    /// </summary>
    /// <summary>
    /// The run's payees, one row each with their claims still in the run, read a row at a time (the result is never
    /// held whole), by member id, on the caller's connection (so the export can read them twice in one snapshot).
    /// </summary>
    public static async IAsyncEnumerable<PayeeExportRow> ExportRowsAsync(NpgsqlConnection connection, Guid runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = connection.QueryUnbufferedAsync<PayeeExportRow>(
            """
            select c.member_id, array_agg(c.reference order by c.reference) as claim_references, sum(r.amount_pence)::bigint as amount_pence,
                b.key_id, b.nonce, b.ciphertext, b.tag
            from payment_run_claims r
            join claims c on c.claim_id = r.claim_id
            left join bank_details b on b.member_id = c.member_id
            where r.payment_run_id = @runId and r.returned_at is null
            group by c.member_id, b.member_id
            order by c.member_id
            """,
            new { runId });
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    private static async Task<PaymentRunRow> ReadAsync(UnitOfWork unit, Guid runId) =>
        await unit.QuerySingleOrDefaultAsync<PaymentRunRow>(SelectRun, new { runId }) ?? throw NotFound(runId);

    private static NotFoundException NotFound(Guid runId) => new($"No payment run has id {runId}.");
}
