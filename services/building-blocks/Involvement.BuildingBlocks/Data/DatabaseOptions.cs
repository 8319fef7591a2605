using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Involvement.BuildingBlocks.Data;

/// <summary>Section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string ConnectionStringName = "Database";

    /// <summary>
    /// The database user's password. When set it replaces any password in <c>ConnectionStrings__Database</c>, so the
    /// connection string carries no secret (a ConfigMap) and the password comes from a Secret.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>Apply migrations when the service starts. On in Development; production runs the <c>migrate</c> command.</summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>
    /// How long migrations (at start, or the <c>migrate</c> command) wait for an unreachable PostgreSQL, retrying,
    /// before the process exits with code 3.
    /// </summary>
    public TimeSpan StartupWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The connection string the service connects with, for the data source and migrations alike: the configured one
    /// with <c>Database__Password</c> in place of its password when that is set. Null when none is configured.
    /// </summary>
    public static string? EffectiveConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        var password = configuration[$"{Section}:{nameof(Password)}"];
        if (string.IsNullOrEmpty(configured) || string.IsNullOrEmpty(password))
        {
            return configured;
        }

        return new NpgsqlConnectionStringBuilder(configured) { Password = password }.ConnectionString;
    }

    public IEnumerable<string> Problems()
    {
        if (StartupWait < TimeSpan.Zero)
        {
            yield return "Database__StartupWait must not be negative.";
        }
    }
}
