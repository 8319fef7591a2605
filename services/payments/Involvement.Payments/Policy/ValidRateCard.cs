using System.Text.RegularExpressions;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Money;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.V1;

namespace Involvement.Payments.Policy;

/// <summary>Rate card requests checked field by field.</summary>
public static partial class ValidRateCard
{
    public const int MaxReferenceLength = 50;
    public const long MaxAmountPence = 1_000_000;   // £10,000 a unit: more is a typing error
    public const int MaxMonthlyUnitCap = 1000;

    /// <summary>A card reference: what opportunities offer, so short and plain.</summary>
    public static string Reference(RequestValidator v, string field, string? value)
    {
        var reference = v.Required(field, value, MaxReferenceLength);
        v.Must(reference.Length == 0 || ReferencePattern().IsMatch(reference), field,
            "must be letters, digits, '-', '_' or '.', starting with a letter or digit.");
        return reference;
    }

    /// <summary>A version's terms; whether the unit suits the card's kind is checked against the card (<see cref="RateRules.UnitsFor"/>).</summary>
    public static RateTermsRow Terms(RequestValidator v, string field, RateTerms? terms)
    {
        if (terms is null)
        {
            v.Add(field, "is required.");
            return new RateTermsRow(DateOnly.MinValue, RateUnit.Unspecified, Pence.Zero, null);
        }

        var effectiveFrom = ProtoDates.Required(v, $"{field}.effective_from", terms.EffectiveFrom);
        var unit = v.Enum($"{field}.unit", terms.Unit, required: true);
        v.Must(terms.AmountPence is >= 0 and <= MaxAmountPence, $"{field}.amount_pence", $"must be from 0 to {MaxAmountPence} pence.");
        v.Must(terms.MonthlyUnitCap is >= 0 and <= MaxMonthlyUnitCap, $"{field}.monthly_unit_cap", $"must be from 0 (no cap) to {MaxMonthlyUnitCap}.");
        v.Must(unit != RateUnit.None || terms.AmountPence == 0, $"{field}.amount_pence", "must be 0 when the unit is none (expenses only).");
        return new RateTermsRow(effectiveFrom, unit, new Pence(terms.AmountPence), terms.MonthlyUnitCap > 0 ? terms.MonthlyUnitCap : null);
    }

    /// <summary>On a new card both are in the request, so a mismatch is bad input (on a new version it is the card's kind: a precondition).</summary>
    public static void UnitSuitsKind(RequestValidator v, string field, RateCardKind kind, RateUnit unit)
    {
        var allowed = RateRules.UnitsFor(kind);   // none for an unknown kind, reported as such
        if (allowed.Count > 0 && unit != RateUnit.Unspecified && !allowed.Contains(unit))
        {
            v.Add(field, $"a {CodeNames.Of(kind).Replace('_', '-')} card pays by {string.Join(" or ", allowed.Select(CodeNames.Of))}.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex ReferencePattern();
}
