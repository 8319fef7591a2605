using Involvement.BuildingBlocks.Data;
using Involvement.Reporting.Periods;

namespace Involvement.Reporting.Metrics;

/// <summary>
/// A set of metrics computed together from the same read models. The refresher calls <see cref="ComputeAsync"/> when
/// one of <see cref="DependsOn"/> changed, and stores what it returns after disclosure control.
/// </summary>
public interface IMetricFamily
{
    /// <summary>recruitment, payments or training: the family is not computed while it is not deployed.</summary>
    string SourceService { get; }

    IReadOnlyList<MetricDefinition> Metrics { get; }

    /// <summary>The read-model areas (<see cref="ReadModelChanges"/>) whose changes move these metrics.</summary>
    IReadOnlySet<string> DependsOn { get; }

    /// <summary>
    /// Every figure of every metric for each period: the whole-trust total, each category and each care group
    /// (zeros included, so a figure that falls to 0 is published as 0). Runs inside the refresher's transaction.
    /// </summary>
    Task<IReadOnlyList<ComputedFigure>> ComputeAsync(UnitOfWork unit, IReadOnlyList<ReportingPeriod> periods, DateOnly today);
}
