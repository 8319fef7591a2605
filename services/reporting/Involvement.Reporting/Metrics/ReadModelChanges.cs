using Involvement.BuildingBlocks.Data;

namespace Involvement.Reporting.Metrics;

/// <summary>
/// Notes, in a consumer's transaction, that a read model changed from a date on, so the refresher recomputes the
/// metrics depending on it for every period from that date's financial year to today.
/// </summary>
public static class ReadModelChanges
{
    public static Task MarkAsync(UnitOfWork unit, string area, DateOnly affectsFrom) =>
        unit.ExecuteAsync("insert into metric_changes (area, affects_from) values (@area, @affectsFrom)", new { area, affectsFrom });
}
