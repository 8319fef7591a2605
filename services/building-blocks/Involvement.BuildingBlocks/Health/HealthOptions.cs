namespace Involvement.BuildingBlocks.Health;

/// <summary>Section <c>Health</c>.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>
    /// How long a check's answer is reused. Health is anonymous and probed by every kubelet and load balancer, so
    /// probes share one answer instead of each reaching the database and the broker.
    /// </summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one check may take before it counts as failed.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<string> Problems()
    {
        if (CacheFor < TimeSpan.Zero || CacheFor > TimeSpan.FromMinutes(1))
        {
            yield return "Health__CacheFor must be between 00:00:00 and 00:01:00.";
        }

        if (CheckTimeout <= TimeSpan.Zero)
        {
            yield return "Health__CheckTimeout must be more than zero.";
        }
    }
}
