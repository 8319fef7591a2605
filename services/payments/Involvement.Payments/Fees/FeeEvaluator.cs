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
            // One round trip: the card's versions, then the month's lines with what the member's standing is.
            using var read = await unit.Connection.QueryMultipleAsync(new CommandDefinition(
                """
                select effective_from, unit, amount_pence, monthly_unit_cap from rate_card_versions where reference = @RateReference order by effective_from;
                select f.fee_line_id, f.participation_id, f.session_starts_at, f.session_date, f.hours, f.state, f.hold_reason, f.units,
                       f.amount_pence, f.rate_effective_from, f.cost_centre, f.claim_id is not null as claimed,
                       f.cap_override_at is not null as cap_overridden, o.published_on, o.cost_centre as opportunity_cost_centre,
                       exists (select 1 from known_members k where k.member_id = f.member_id) as member_known,
                       (select p.preference from payees p where p.member_id = f.member_id) as preference
                from fee_lines f left join opportunities o on o.opportunity_id = f.opportunity_id
                where f.member_id = @MemberId and f.rate_reference = @RateReference and f.adjustment = 0
                  and f.session_date >= @Month and f.session_date < @Next
                for update of f
                """,
                new { month.MemberId, month.RateReference, month.Month, Next = month.Month.AddMonths(1) }, unit.Transaction,
                cancellationToken: unit.CancellationToken));
            IReadOnlyList<RateTermsRow> versions = [.. (await read.ReadAsync<RateCardStore.VersionRow>()).Select(v => v.ToTerms())];
            var lines = (await read.ReadAsync<LineRow>()).ToList();
            if (lines.Count == 0)
            {
                continue;
            }

            var current = lines.ToDictionary(l => l.FeeLineId);
            var outcomes = FeeRules.EvaluateMonth([.. lines.Select(l => l.ToMonthLine(DefaultCostCentre))], versions, lines[0].Standing);
            foreach (var outcome in outcomes.Where(o => current[o.FeeLineId].Differs(o)))
            {
                await WriteAsync(unit, outcome, resolver);
            }
        }
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

    private sealed class LineRow
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
        public bool MemberKnown { get; init; }
        public string? Preference { get; init; }

        public MemberStanding Standing =>
            !MemberKnown ? MemberStanding.Unknown : Preference is "declined" or "expenses_only" ? MemberStanding.DeclinesFees : MemberStanding.TakesFees;

        public MonthLine ToMonthLine(string defaultCostCentre) => new(
            FeeLineId, ParticipationId, new DateTimeOffset(SessionStartsAt, TimeSpan.Zero), SessionDate, Hours, State, Units, Claimed, CapOverridden,
            PublishedOn, OpportunityCostCentre ?? defaultCostCentre);

        public bool Differs(FeeOutcome o) =>
            o.State != State || o.HoldReason != HoldReason || o.Units != Units || o.Amount != new Pence(AmountPence)
            || o.RateEffectiveFrom != RateEffectiveFrom || o.CostCentre != CostCentre;
    }
}
