using Dapper;
using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Money;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Payments;
using Involvement.Payments.V1;

namespace Involvement.Payments.Claims;

/// <summary>Reading claims: one with its lines and warnings, lists of summaries, and the amounts runs pay.</summary>
public sealed partial class ClaimStore
{
    public const string TokenList = "claims";

    private const string FeeLineColumns =
        "fee_line_id, opportunity_id, session_id, session_date, rate_reference, units, amount_pence, cost_centre, state";

    private const string ExpenseLineColumns =
        """
        expense_line_id, claim_id, category, opportunity_id, session_id, incurred_on, vehicle, miles, passengers, amount_pence,
        receipt_reference, booked_by_trust, cost_centre, created_at, created_by
        """;

    public async Task<Claim> GetAsync(Guid claimId, ClaimActor actor, CancellationToken cancellationToken) =>
        await db.InTransactionAsync(async unit =>
        {
            var claim = await ReadAsync(unit, claimId);
            actor.EnsureMayActOn(Guid.Parse(claim.MemberId));
            return claim;
        }, cancellationToken);

    /// <summary>
    /// What each claim pays, by kind, category and cost centre, as <see cref="ClaimMoney"/> counts it: the amounts a
    /// payment run pays and its ClaimPaid events report. Reads every claim's lines in two statements, whatever the count.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, ClaimAmounts>> AmountsAsync(UnitOfWork unit, IReadOnlyCollection<Guid> claimIds)
    {
        var ids = claimIds.ToArray();
        var fees = (await unit.Connection.QueryAsync<Guid, FeeLineRow, (Guid ClaimId, FeeLineRow Line)>(
            new CommandDefinition($"select claim_id, {FeeLineColumns} from fee_lines where claim_id = any(@ids)", new { ids }, unit.Transaction,
                cancellationToken: unit.CancellationToken),
            (claimId, line) => (claimId, line), splitOn: "fee_line_id")).ToLookup(f => f.ClaimId, f => f.Line);
        var expenses = (await unit.QueryAsync<ExpenseLineRow>($"select {ExpenseLineColumns} from expense_lines where claim_id = any(@ids)", new { ids }))
            .ToLookup(e => e.ClaimId);
        return ids.Distinct().ToDictionary(id => id, id => ClaimMoney.Amounts([.. fees[id]], [.. expenses[id]]));
    }

    public async Task<Page<ClaimSummary>> ListAsync(ClaimFilter filter, int pageSize, Guid? before, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<SummaryRow>(
            """
            select c.claim_id, c.reference, c.member_id, c.state, c.submitted_at, c.due_on, c.version,
                coalesce((select sum(f.amount_pence) from fee_lines f where f.claim_id = c.claim_id and f.state = 'payable'), 0)::bigint as fees_pence,
                coalesce((select sum(e.amount_pence) from expense_lines e where e.claim_id = c.claim_id and not e.booked_by_trust), 0)::bigint as expenses_pence,
                array(select f.cost_centre from fee_lines f where f.claim_id = c.claim_id and f.state = 'payable'
                      union select e.cost_centre from expense_lines e where e.claim_id = c.claim_id order by 1) as cost_centres
            from claims c
            where (@before::uuid is null or c.claim_id < @before)
              and (@state::text is null or c.state = @state)
              and (@memberId::uuid is null or c.member_id = @memberId)
              and (not @overdueOnly or (c.due_on < @today and c.state = any(@owed)))
              and (@costCentre::text is null
                   or exists (select 1 from fee_lines f where f.claim_id = c.claim_id and f.cost_centre = @costCentre)
                   or exists (select 1 from expense_lines e where e.claim_id = c.claim_id and e.cost_centre = @costCentre))
            order by c.claim_id desc
            limit @limit
            """,
            new
            {
                before,
                state = filter.State == ClaimState.Unspecified ? null : ClaimCodes.Of(filter.State),
                filter.MemberId,
                filter.OverdueOnly,
                today = clock.Today(),
                owed = ClaimRules.OwedStates.ToArray(),
                filter.CostCentre,
                limit = pageSize + 1,
            },
            cancellationToken);
        var today = clock.Today();
        return Page.Of(rows, pageSize, TokenList, r => r.ClaimId).Select(r => r.ToMessage(today));
    }

    private static async Task<(IReadOnlyList<FeeLineRow> Fees, IReadOnlyList<ExpenseLineRow> Expenses)> LinesAsync(UnitOfWork unit, Guid claimId)
    {
        var fees = (await unit.QueryAsync<FeeLineRow>(
            $"select {FeeLineColumns} from fee_lines where claim_id = @claimId order by session_date, fee_line_id", new { claimId })).AsList();
        var expenses = (await unit.QueryAsync<ExpenseLineRow>(
            $"select {ExpenseLineColumns} from expense_lines where claim_id = @claimId order by incurred_on, expense_line_id", new { claimId })).AsList();
        return (fees, expenses);
    }

    private async Task<Claim> ReadAsync(UnitOfWork unit, Guid claimId)
    {
        var row = await unit.QuerySingleOrDefaultAsync<ClaimRow>($"select {ClaimRow.Columns} from claims where claim_id = @claimId", new { claimId })
            ?? throw NotFound(claimId);
        var (fees, expenses) = await LinesAsync(unit, claimId);
        return await ToClaimAsync(unit, row, fees, expenses);
    }

    /// <summary>The claim as the API shows it, from a row and lines already read in this unit.</summary>
    private async Task<Claim> ToClaimAsync(UnitOfWork unit, ClaimRow row, IReadOnlyList<FeeLineRow> fees, IReadOnlyList<ExpenseLineRow> expenses)
    {
        var claim = ClaimMessages.ToMessage(row, fees, expenses, ClaimMoney.Amounts(fees, expenses), clock.Today());
        claim.ThresholdWarnings.AddRange((await ThresholdWarningsAsync(unit, row, fees)).Select(ClaimMessages.ToMessage));
        claim.LastReturn = (await unit.QuerySingleOrDefaultAsync<ReturnRow>(ReturnRow.Latest, new { claimId = row.ClaimId }))?.ToMessage();
        return claim;
    }

    /// <summary>
    /// The member's fees that count towards a threshold: this claim's, and those in any claim submitted and not
    /// rejected, in the tax years this claim's fees fall in.
    /// </summary>
    private async Task<IReadOnlyList<ThresholdWarningFound>> ThresholdWarningsAsync(UnitOfWork unit, ClaimRow claim, IReadOnlyList<FeeLineRow> fees)
    {
        var claimFees = fees.Where(f => f.Payable).Select(f => (f.SessionDate, new Pence(f.AmountPence))).ToList();
        var weekly = new Pence(Options.WeeklyFeeThresholdPence);
        var yearly = new Pence(Options.TaxYearFeeThresholdPence);
        if (claimFees.Count == 0 || claim.State == ClaimCodes.Rejected || (weekly == Pence.Zero && yearly == Pence.Zero))
        {
            return [];
        }

        var from = TaxYear.Of(claimFees.Min(f => f.SessionDate)).Start;
        var to = TaxYear.Of(claimFees.Max(f => f.SessionDate)).End;
        var memberFees = await unit.QueryAsync<FeeLineRow>(
            """
            select f.session_date, f.amount_pence from fee_lines f join claims c on c.claim_id = f.claim_id
            where f.member_id = @memberId and f.state = 'payable' and f.session_date between @from and @to
              and (c.claim_id = @claimId or c.state = any(@counted))
            """,
            new { memberId = claim.MemberId, from, to, claimId = claim.ClaimId, counted = ClaimStates.WentForward.ToArray() });
        return ThresholdRules.Warnings(claimFees, memberFees.Select(f => (f.SessionDate, new Pence(f.AmountPence))).ToList(), weekly, yearly);
    }

    /// <summary>The latest return of the claim from a payment run.</summary>
    private sealed class ReturnRow
    {
        public const string Latest =
            """
            select r.payment_run_id, p.reference as payment_run_reference, r.returned_at, r.returned_by, r.returned_reason
            from payment_run_claims r join payment_runs p on p.payment_run_id = r.payment_run_id
            where r.claim_id = @claimId and r.returned_at is not null
            order by r.returned_at desc limit 1
            """;

        public Guid PaymentRunId { get; init; }
        public string PaymentRunReference { get; init; } = "";
        public DateTime ReturnedAt { get; init; }
        public string ReturnedBy { get; init; } = "";
        public string ReturnedReason { get; init; } = "";

        public ClaimReturn ToMessage() => new()
        {
            PaymentRunId = PaymentRunId.ToString(), PaymentRunReference = PaymentRunReference,
            ReturnedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(ReturnedAt, DateTimeKind.Utc)), ReturnedBy = ReturnedBy, Reason = ReturnedReason,
        };
    }

    private sealed class SummaryRow
    {
        public Guid ClaimId { get; init; }
        public string Reference { get; init; } = "";
        public Guid MemberId { get; init; }
        public string State { get; init; } = "";
        public DateTime? SubmittedAt { get; init; }
        public DateOnly? DueOn { get; init; }
        public long Version { get; init; }
        public long FeesPence { get; init; }
        public long ExpensesPence { get; init; }
        public string[] CostCentres { get; init; } = [];

        public ClaimSummary ToMessage(DateOnly today)
        {
            var summary = new ClaimSummary
            {
                ClaimId = ClaimId.ToString(),
                Reference = Reference,
                MemberId = MemberId.ToString(),
                State = ClaimCodes.StateOf(State),
                FeesPence = FeesPence,
                ExpensesPence = ExpensesPence,
                TotalPence = FeesPence + ExpensesPence,
                SubmittedAt = ProtoDates.ToTimestamp(SubmittedAt),
                DueOn = ProtoDates.ToProto(DueOn),
                Overdue = ClaimRules.IsOverdue(State, DueOn, today),
                Version = Version,
            };
            summary.CostCentres.AddRange(CostCentres);
            return summary;
        }
    }
}

/// <summary>A list's filters, validated.</summary>
public sealed record ClaimFilter(ClaimState State, Guid? MemberId, bool OverdueOnly, string? CostCentre);
