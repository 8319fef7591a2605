using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Money;
using Involvement.Payments.Policy;
using Microsoft.Extensions.Options;

namespace Involvement.Payments.Fees;

/// <summary>One member's fee lines for one rate card in one calendar month (UK): the unit a monthly cap applies to.</summary>
public sealed record FeeMonth(Guid MemberId, string RateReference, DateOnly Month);

/// <summary>
/// Evaluates fee months (<see cref="FeeRules.EvaluateMonth"/>) from what the database holds now and writes what
/// changed. The caller holds the members' locks (<see cref="FeeLocks"/>), so two evaluations of a month never interleave.
/// </summary>
public sealed class FeeEvaluator(IOptions<PaymentsOptions> options, TimeProvider clock)
{
    /// <summary>Who resolved a line that left the held state without a person resolving it.</summary>
    public const string Automatic = "automatic";

    public string DefaultCostCentre => options.Value.DefaultCostCentre;

    /// <param name="resolver">Recorded as resolved_by on every line that leaves the held state.</param>
    public async Task EvaluateAsync(UnitOfWork unit, IEnumerable<FeeMonth> months, string resolver)
    {
        foreach (var month in months.Distinct())
        {
            var read = await ReadMonthAsync(unit, month, newLine: null);
            if (read.Lines.Count > 0)
            {
                await WriteChangesAsync(unit, read, Evaluate(read, newLine: null), resolver);
            }
        }
    }

    /// <summary>
    /// The month a new attendance joins, read after taking the new line's locks (<see cref="FeeLocks.ForLineAsync"/>),
    /// with what its opportunity says — in one round trip, because every attendance event comes this way.
    /// </summary>
    public Task<MonthRead> ReadMonthForNewLineAsync(UnitOfWork unit, FeeMonth month, Guid opportunityId) =>
        ReadMonthAsync(unit, month, opportunityId);

    /// <summary>Outcomes for the month's unclaimed lines, and for <paramref name="newLine"/> too when given.</summary>
    public IReadOnlyList<FeeOutcome> Evaluate(MonthRead read, MonthLine? newLine) =>
        FeeRules.EvaluateMonth([.. read.Lines.Select(l => l.ToMonthLine(DefaultCostCentre)), .. newLine is null ? [] : new[] { newLine }], read.Versions, read.Standing);

    /// <summary>Writes the outcomes that differ from what the month's lines hold (a new line's outcome is the caller's to insert).</summary>
    public async Task WriteChangesAsync(UnitOfWork unit, MonthRead read, IEnumerable<FeeOutcome> outcomes, string resolver)
    {
        var current = read.Lines.ToDictionary(l => l.FeeLineId);
        foreach (var outcome in outcomes.Where(o => current.TryGetValue(o.FeeLineId, out var line) && line.Differs(o)))
        {
            await WriteAsync(unit, outcome, resolver);
        }
    }

    private async Task<MonthRead> ReadMonthAsync(UnitOfWork unit, FeeMonth month, Guid? newLine)
    {
        var locks = newLine is null ? "" :
            """
            select pg_advisory_xact_lock_shared(hashtextextended('opportunity:' || @OpportunityId::text, 0)),
                   pg_advisory_xact_lock_shared(hashtextextended('rate:' || @RateReference, 0)),
                   pg_advisory_xact_lock(hashtextextended('member:' || @MemberId::text, 0));

            """;
        using var read = await unit.Connection.QueryMultipleAsync(new CommandDefinition(
            locks +
            """
            select exists (select 1 from known_members where member_id = @MemberId) as member_known,
                   (select preference from payees where member_id = @MemberId) as preference,
                   (select published_on from opportunities where opportunity_id = @OpportunityId) as published_on,
                   (select cost_centre from opportunities where opportunity_id = @OpportunityId) as cost_centre;
            select effective_from, unit, amount_pence, monthly_unit_cap from rate_card_versions where reference = @RateReference order by effective_from;
            select f.fee_line_id, f.participation_id, f.session_starts_at, f.session_date, f.hours, f.state, f.hold_reason, f.units,
                   f.amount_pence, f.rate_effective_from, f.cost_centre, f.claim_id is not null as claimed,
                   f.cap_override_at is not null as cap_overridden, o.published_on, o.cost_centre as opportunity_cost_centre
            from fee_lines f left join opportunities o on o.opportunity_id = f.opportunity_id
            where f.member_id = @MemberId and f.rate_reference = @RateReference and f.adjustment = 0
              and f.session_date >= @Month and f.session_date < @Next
            for update of f
            """,
            new { month.MemberId, month.RateReference, month.Month, Next = month.Month.AddMonths(1), OpportunityId = newLine ?? Guid.Empty },
            unit.Transaction, cancellationToken: unit.CancellationToken));
        if (newLine is not null)
        {
            await read.ReadAsync();   // the locks
        }

        var facts = await read.ReadSingleAsync<MonthFacts>();
        IReadOnlyList<RateTermsRow> versions = [.. (await read.ReadAsync<RateCardStore.VersionRow>()).Select(v => v.ToTerms())];
        var lines = (await read.ReadAsync<LineRow>()).ToList();
        var standing = !facts.MemberKnown ? MemberStanding.Unknown
            : facts.Preference is "declined" or "expenses_only" ? MemberStanding.DeclinesFees
            : MemberStanding.TakesFees;
        return new MonthRead(versions, lines, standing, facts.PublishedOn, facts.CostCentre ?? DefaultCostCentre);
    }

    /// <summary>What an attendance at a session pays by its card and its opportunity's offer, before any cap.</summary>
    public async Task<FeePrice> PriceAsync(UnitOfWork unit, string rateReference, Guid opportunityId, DateOnly sessionDate, decimal hours, bool attended)
    {
        if (!attended)
        {
            return FeePrice.Nothing;
        }

        var versions = await RateCardStore.VersionsAsync(unit, rateReference);
        var publishedOn = await unit.QuerySingleOrDefaultAsync<DateOnly?>(
            "select published_on from opportunities where opportunity_id = @opportunityId", new { opportunityId });
        return FeeRules.Price(versions, sessionDate, publishedOn, hours, attended);
    }

    private async Task WriteAsync(UnitOfWork unit, FeeOutcome outcome, string resolver) =>
        await unit.ExecuteAsync(
            """
            update fee_lines set
                resolved_by = case when state = 'held' and @State <> 'held' then @resolver else resolved_by end,
                resolved_at = case when state = 'held' and @State <> 'held' then @now else resolved_at end,
                state = @State, hold_reason = @HoldReason, units = @Units, amount_pence = @Amount, rate_effective_from = @RateEffectiveFrom,
                cost_centre = @CostCentre, version = version + 1, updated_at = @now
            where fee_line_id = @FeeLineId
            """,
            new
            {
                outcome.FeeLineId, outcome.State, outcome.HoldReason, outcome.Units, Amount = outcome.Amount.Value, outcome.RateEffectiveFrom,
                outcome.CostCentre, resolver, now = clock.GetUtcNowForDatabase().UtcDateTime,
            });

    /// <summary>A month as read: the card's versions, the lines, the member's standing, and the new line's opportunity.</summary>
    public sealed record MonthRead(
        IReadOnlyList<RateTermsRow> Versions, IReadOnlyList<LineRow> Lines, MemberStanding Standing, DateOnly? PublishedOn, string CostCentre);

    private sealed class MonthFacts
    {
        public bool MemberKnown { get; init; }
        public string? Preference { get; init; }
        public DateOnly? PublishedOn { get; init; }
        public string? CostCentre { get; init; }
    }

    public sealed class LineRow
    {
        public Guid FeeLineId { get; init; }
        public Guid ParticipationId { get; init; }
        public DateTime SessionStartsAt { get; init; }
        public DateOnly SessionDate { get; init; }
        public decimal Hours { get; init; }
        public string State { get; init; } = "";
        public string? HoldReason { get; init; }
        public decimal Units { get; init; }
        public long AmountPence { get; init; }
        public DateOnly? RateEffectiveFrom { get; init; }
        public string CostCentre { get; init; } = "";
        public bool Claimed { get; init; }
        public bool CapOverridden { get; init; }
        public DateOnly? PublishedOn { get; init; }
        public string? OpportunityCostCentre { get; init; }

        public MonthLine ToMonthLine(string defaultCostCentre) => new(
            FeeLineId, ParticipationId, new DateTimeOffset(SessionStartsAt, TimeSpan.Zero), SessionDate, Hours, State, Units, Claimed, CapOverridden,
            PublishedOn, OpportunityCostCentre ?? defaultCostCentre);

        public bool Differs(FeeOutcome o) =>
            o.State != State || o.HoldReason != HoldReason || o.Units != Units || o.Amount != new Pence(AmountPence)
            || o.RateEffectiveFrom != RateEffectiveFrom || o.CostCentre != CostCentre;
    }
}
