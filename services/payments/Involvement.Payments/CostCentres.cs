namespace Involvement.Payments;

/// <summary>
/// Cost centres are codes the trust's finance system matches exactly (case included), so they are kept exactly as
/// given but without surrounding spaces wherever they enter: events from recruitment, the default setting, budgets and
/// filters. " CARDIO" and "CARDIO" are then one budget.
/// </summary>
public static class CostCentres
{
    public static string Normalise(string costCentre) => costCentre.Trim();

    public static string? NormaliseOptional(string? costCentre) =>
        string.IsNullOrWhiteSpace(costCentre) ? null : Normalise(costCentre);
}
