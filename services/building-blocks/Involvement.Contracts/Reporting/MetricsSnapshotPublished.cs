namespace Involvement.Contracts.Reporting;

/// <summary>
/// Every published figure of one period, for consumers that would rather read a queue than call WatchMetrics (a
/// trust's dashboards). Only disclosure-controlled figures, exactly as GetMetrics shows them. Published on a schedule
/// (<c>Reporting__SnapshotInterval</c>, for the current quarter) and once when a quarter ends (for that quarter).
/// <c>AggregateVersion</c> is the highest figure sequence the snapshot reflects: the highest is the latest.
/// </summary>
/// <param name="FinancialYear">The year the NHS financial year starts in (2026 for 2026/27).</param>
/// <param name="Quarter">1-4; 0 for the whole year.</param>
/// <param name="Reason"><c>scheduled</c>, <c>quarter_end</c> or <c>requested</c>.</param>
public sealed record MetricsSnapshotPublished(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    int FinancialYear,
    int Quarter,
    string Reason,
    IReadOnlyList<SnapshotFigure> Figures) : IIntegrationEvent;

/// <param name="CareGroup">Empty for the whole trust.</param>
/// <param name="Category">Empty for the metric's total.</param>
/// <param name="Status"><c>shown</c>, <c>suppressed</c>, <c>not_deployed</c> or <c>no_data</c>.</param>
/// <param name="Value">As published: "105", "*", "42.5", "not deployed", "n/a".</param>
public sealed record SnapshotFigure(string MetricCode, string CareGroup, string Category, string Status, string Value);
