using Involvement.BuildingBlocks.Money;
using Involvement.Payments.Policy;

namespace Involvement.Payments.Fees;

/// <summary>A fee line (adjustment 0) of one member's month on one card, as evaluation sees it.</summary>
/// <param name="Claimed">In a claim: its state and units stand, and its units count against the cap first.</param>
/// <param name="PublishedOn">The UK date the opportunity was first published; null while payments has not heard of it.</param>
public sealed record MonthLine(
    Guid FeeLineId,
    Guid ParticipationId,
    DateTimeOffset SessionStartsAt,
    DateOnly SessionDate,
    decimal Hours,
    string State,
    decimal Units,
    bool Claimed,
    bool CapOverridden,
    DateOnly? PublishedOn,
    string CostCentre);

/// <summary>What a line should be: its state, why it is held, and what it pays.</summary>
public sealed record FeeOutcome(Guid FeeLineId, string State, string? HoldReason, decimal Units, Pence Amount, DateOnly? RateEffectiveFrom, string CostCentre);

/// <summary>What an attendance pays: units, amount and the version that priced it (null: the rate is unknown).</summary>
public sealed record FeePrice(decimal Units, Pence Amount, DateOnly? RateEffectiveFrom)
{
    public static readonly FeePrice Nothing = new(0m, Pence.Zero, null);
}

/// <summary>What the member's payee record says about being paid.</summary>
public enum MemberStanding
{
    /// <summary>Payments has not heard of the member (no MemberRegistered yet).</summary>
    Unknown,

    /// <summary>Known, and takes fees.</summary>
    TakesFees,

    /// <summary>Known, and declines fees (preference declined or expenses_only).</summary>
    DeclinesFees,
}

/// <summary>
/// Fee lines from attendance, evaluated a month at a time so the answer never depends on the order events arrived in:
/// lines already in a claim keep what they are and use the cap first; the rest are priced and take what cap is left in
/// session order (then participation id), each fitting whole or held.
/// </summary>
public static class FeeRules
{
    public const string Held = "held";
    public const string Payable = "payable";
    public const string Declined = "declined";
    public const string Void = "void";

    public const string UnknownRate = "unknown_rate";
    public const string UnknownMember = "unknown_member";
    public const string OverMonthlyCap = "over_monthly_cap";

    /// <summary>
    /// Outcomes for every unclaimed line that is not void. A rate that cannot price the line holds it as unknown_rate
    /// (amount 0); a member payments has not heard of holds it as unknown_member; a member who declines payment has it
    /// declined (the amount still shows the value of their involvement); otherwise it is payable if its units fit under
    /// the month's cap (of the version that priced it) or the cap was overridden, and held over_monthly_cap if not.
    /// Declined, held and overridden lines use none of the cap.
    /// </summary>
    /// <param name="versions">The card's versions; empty when there is no such card.</param>
    public static IReadOnlyList<FeeOutcome> EvaluateMonth(IReadOnlyList<MonthLine> lines, IReadOnlyList<RateTermsRow> versions, MemberStanding member)
    {
        var used = lines.Where(l => l.Claimed && l.State == Payable && !l.CapOverridden).Sum(l => l.Units);
        var outcomes = new List<FeeOutcome>();
        foreach (var line in lines.Where(l => !l.Claimed && l.State != Void).OrderBy(l => l.SessionStartsAt).ThenBy(l => l.ParticipationId))
        {
            var terms = RateRules.Pricing(versions, line.SessionDate, line.PublishedOn, line.Hours);
            if (terms is null)
            {
                outcomes.Add(new FeeOutcome(line.FeeLineId, Held, UnknownRate, 0m, Pence.Zero, null, line.CostCentre));
                continue;
            }

            var units = RateRules.Units(terms.Unit, line.Hours);
            var amount = terms.Amount.Times(units);
            var (state, reason) = member switch
            {
                MemberStanding.Unknown => (Held, UnknownMember),
                MemberStanding.DeclinesFees => (Declined, (string?)null),
                _ when line.CapOverridden => (Payable, null),
                _ when terms.MonthlyUnitCap is { } cap && used + units > cap => (Held, OverMonthlyCap),
                _ => (Payable, null),
            };
            if (state == Payable && !line.CapOverridden)
            {
                used += units;
            }

            outcomes.Add(new FeeOutcome(line.FeeLineId, state, reason, units, amount, terms.EffectiveFrom, line.CostCentre));
        }

        return outcomes;
    }

    /// <summary>What an attendance pays on its own (no cap, no member standing): nothing when not attended or the rate is unknown.</summary>
    public static FeePrice Price(IReadOnlyList<RateTermsRow> versions, DateOnly sessionDate, DateOnly? publishedOn, decimal hours, bool attended)
    {
        var terms = attended ? RateRules.Pricing(versions, sessionDate, publishedOn, hours) : null;
        return terms is null ? FeePrice.Nothing : new FeePrice(RateRules.Units(terms.Unit, hours), RateRules.Amount(terms, hours), terms.EffectiveFrom);
    }

    /// <summary>The first day of the calendar month a UK date falls in: the cap's period.</summary>
    public static DateOnly MonthOf(DateOnly date) => new(date.Year, date.Month, 1);
}
