namespace Involvement.BuildingBlocks.Data;

/// <summary>Section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string ConnectionStringName = "Database";

    /// <summary>Apply migrations when the service starts. On in Development; production runs the <c>migrate</c> command.</summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>
    /// How long migrations (at start, or the <c>migrate</c> command) wait for an unreachable PostgreSQL, retrying,
    /// before the process exits with code 3.
    /// </summary>
    public TimeSpan StartupWait { get; set; } = TimeSpan.FromMinutes(2);

    public IEnumerable<string> Problems()
    {
        if (StartupWait < TimeSpan.Zero)
        {
            yield return "Database__StartupWait must not be negative.";
        }
    }
}
