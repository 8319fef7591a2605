using Involvement.Reporting.Periods;
using Involvement.Reporting.V1;

namespace Involvement.Reporting.BoardReport;

/// <summary>
/// Where the board report takes progress towards targets from. Targets are their own part of reporting: this
/// installation registers <see cref="NoBoardTargets"/> until a target store provides an implementation (register it
/// in place of that one), and the report shows progress for every metric it returns.
/// </summary>
public interface IBoardTargets
{
    /// <summary>
    /// Progress of each of <paramref name="metricCodes"/> that has a target for the period's year, by metric code;
    /// null when targets are not available at all (the report then says so instead of "no target set").
    /// </summary>
    Task<IReadOnlyDictionary<string, TargetProgress>?> ProgressAsync(ReportingPeriod period, IReadOnlyCollection<string> metricCodes, CancellationToken cancellationToken);
}

/// <summary>No targets: the board report shows figures without progress.</summary>
public sealed class NoBoardTargets : IBoardTargets
{
    public Task<IReadOnlyDictionary<string, TargetProgress>?> ProgressAsync(ReportingPeriod period, IReadOnlyCollection<string> metricCodes, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, TargetProgress>?>(null);
}
