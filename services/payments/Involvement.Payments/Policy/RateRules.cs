using Involvement.BuildingBlocks.Money;
using Involvement.Payments.V1;

namespace Involvement.Payments.Policy;

/// <summary>A rate card version as pricing reads it.</summary>
/// <param name="MonthlyUnitCap">Paid units per calendar month (UK) per member; null for no cap.</param>
public sealed record RateTermsRow(DateOnly EffectiveFrom, RateUnit Unit, Pence Amount, int? MonthlyUnitCap);

/// <summary>How a rate card prices attendance: units from the card's unit, and which version applies.</summary>
public static class RateRules
{
    /// <summary>Half days and days are paid in started blocks of this many hours (see <see cref="Units"/>).</summary>
    public const decimal HoursPerHalfDay = 4m;

    /// <summary>
    /// The units an attendance of <paramref name="hours"/> is paid for: a session is one unit however long; hours are
    /// the quarter hours attended; a half day is one unit per started 4 hours (up to 4 hours: 1; up to 8: 2); a day is
    /// half a unit per started 4 hours (up to 4 hours: 0.5; up to 8: 1). "none" pays nothing.
    /// </summary>
    public static decimal Units(RateUnit unit, decimal hours) => unit switch
    {
        RateUnit.None => 0m,
        RateUnit.Session => 1m,
        RateUnit.Hour => Math.Max(hours, 0m),
        RateUnit.HalfDay => HalfDays(hours),
        RateUnit.Day => HalfDays(hours) / 2m,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "no units for this rate unit"),
    };

    public static Pence Amount(RateTermsRow terms, decimal hours) => terms.Amount.Times(Units(terms.Unit, hours));

    /// <summary>The version in force on a UK date: the latest effective on or before it; null before the first.</summary>
    public static RateTermsRow? InForceOn(IReadOnlyList<RateTermsRow> versions, DateOnly date) =>
        versions.Where(v => v.EffectiveFrom <= date).MaxBy(v => v.EffectiveFrom);

    /// <summary>
    /// The version a fee is priced by: the one in force on the session's date, unless the one in force when the
    /// opportunity was published pays more for this attendance (people get what they were offered). Null when
    /// neither date has a version in force: the rate is unknown.
    /// </summary>
    public static RateTermsRow? Pricing(IReadOnlyList<RateTermsRow> versions, DateOnly sessionDate, DateOnly? publishedOn, decimal hours)
    {
        var onSession = InForceOn(versions, sessionDate);
        var offered = publishedOn is { } published ? InForceOn(versions, published) : null;
        if (onSession is null || offered is null)
        {
            return onSession ?? offered;
        }

        return Amount(offered, hours) > Amount(onSession, hours) ? offered : onSession;
    }

    /// <summary>The units a kind of card may pay by: volunteers nothing, contributors per session, co-producers by time.</summary>
    public static IReadOnlyList<RateUnit> UnitsFor(RateCardKind kind) => kind switch
    {
        RateCardKind.Volunteer => [RateUnit.None],
        RateCardKind.Contributor => [RateUnit.Session],
        RateCardKind.CoProducer => [RateUnit.Hour, RateUnit.HalfDay, RateUnit.Day],
        _ => [],
    };

    private static decimal HalfDays(decimal hours) => hours <= 0m ? 0m : Math.Ceiling(hours / HoursPerHalfDay);
}
