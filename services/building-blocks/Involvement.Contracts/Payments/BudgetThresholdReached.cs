namespace Involvement.Contracts.Payments;

/// <summary>
/// Spending (committed and paid) on a cost centre's budget for an NHS financial year reached a configured warning
/// share. Published once per budget and share.
/// </summary>
/// <param name="AggregateVersion">The budget's version when the share was reached.</param>
/// <param name="FinancialYear">The year the financial year starts in (2026 is 2026/27).</param>
/// <param name="Percent">The share reached, e.g. 80 or 100.</param>
public sealed record BudgetThresholdReached(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    string CostCentre,
    int FinancialYear,
    int Percent,
    long AllocatedPence,
    long CommittedPence,
    long PaidPence) : IIntegrationEvent;
