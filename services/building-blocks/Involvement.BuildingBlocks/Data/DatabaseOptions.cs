namespace Involvement.BuildingBlocks.Data;

/// <summary>Section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string ConnectionStringName = "Database";

    /// <summary>Apply migrations when the service starts. On in Development; production runs the <c>migrate</c> command.</summary>
    public bool MigrateOnStart { get; set; }
}
