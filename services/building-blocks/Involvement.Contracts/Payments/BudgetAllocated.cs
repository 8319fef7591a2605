namespace Involvement.Contracts.Payments;

/// <summary>Finance set or changed a cost centre's budget for an NHS financial year. Published once per change.</summary>
/// <param name="AggregateVersion">The budget's version after the change (1 when it was created).</param>
/// <param name="FinancialYear">The year the financial year starts in (2026 is 2026/27).</param>
/// <param name="AllocatedPence">The allocation now.</param>
public sealed record BudgetAllocated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    string CostCentre,
    int FinancialYear,
    long AllocatedPence) : IIntegrationEvent;
