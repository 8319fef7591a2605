namespace Involvement.BuildingBlocks.Hosting;

/// <summary>Section <c>Shutdown</c>: how a stopping service leaves its callers before it stops serving.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>
    /// How long, after SIGTERM, the host keeps serving while readiness already answers NOT_SERVING. Kubernetes takes a
    /// terminating pod out of the Service's endpoints asynchronously; calls routed here meanwhile must still be answered.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How long in-flight calls, the bus and the outbox relay get to finish once the host stops accepting.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Problems()
    {
        if (DrainDelay < TimeSpan.Zero || DrainDelay > TimeSpan.FromMinutes(5))
        {
            yield return "Shutdown__DrainDelay must be between 00:00:00 and 00:05:00.";
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
        {
            yield return "Shutdown__Timeout must be more than zero and at most 00:10:00.";
        }
    }
}
