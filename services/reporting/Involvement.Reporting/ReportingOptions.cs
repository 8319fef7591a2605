using Involvement.Reporting.Deployment;

namespace Involvement.Reporting;

/// <summary>Section <c>Reporting</c>.</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";

    /// <summary>
    /// How often the refresher recomputes the metrics whose read models changed: changes within one interval are
    /// coalesced into one update for WatchMetrics subscribers.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often MetricsSnapshotPublished is sent for the current quarter (once per interval, whatever the replicas).</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Services this installation does not run, even if an event from them was once seen.</summary>
    public List<string> NotDeployed { get; set; } = [];

    public IEnumerable<string> Problems()
    {
        if (RefreshInterval < TimeSpan.FromMilliseconds(10) || RefreshInterval > TimeSpan.FromMinutes(10))
        {
            yield return "Reporting__RefreshInterval must be between 00:00:00.010 and 00:10:00.";
        }

        if (SnapshotInterval < TimeSpan.FromSeconds(1) || SnapshotInterval > TimeSpan.FromDays(31))
        {
            yield return "Reporting__SnapshotInterval must be between 00:00:01 and 31.00:00:00.";
        }

        foreach (var service in NotDeployed.Where(s => !DeployedServices.All.Contains(s)))
        {
            yield return $"Reporting__NotDeployed: '{service}' is not a service reporting reads from (recruitment, payments, training).";
        }
    }
}
