namespace Involvement.Payments;

/// <summary>
/// Cost centres are codes the trust's finance system matches exactly: kept trimmed and upper-case wherever they enter
/// (events from recruitment, budgets, filters), so "cardio " and "CARDIO" are one budget.
/// </summary>
public static class CostCentres
{
    public static string Normalise(string costCentre) => costCentre.Trim().ToUpperInvariant();

    public static string? NormaliseOptional(string? costCentre) =>
        string.IsNullOrWhiteSpace(costCentre) ? null : Normalise(costCentre);
}
