using DbUp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Involvement.BuildingBlocks.Data;

/// <summary>Creates the service's database if missing and applies every migration not yet applied, in order.</summary>
public sealed partial class Migrator(IConfiguration configuration, IEnumerable<MigrationScripts> scripts, ILogger<Migrator> logger)
{
    public void Migrate()
    {
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)
            ?? throw new InvalidOperationException("ConnectionStrings:Database is not set.");
        EnsureDatabase.For.PostgresqlDatabase(connectionString);

        var builder = DeployChanges.To.PostgresqlDatabase(connectionString);
        foreach (var set in scripts)
        {
            builder = builder.WithScriptsEmbeddedInAssembly(set.Assembly, name => name.StartsWith(set.ResourcePrefix, StringComparison.Ordinal));
        }

        var result = builder.WithTransactionPerScript().LogToNowhere().Build().PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed.", result.Error);
        }

        foreach (var applied in result.Scripts)
        {
            LogApplied(logger, applied.Name);
        }
    }

    [LoggerMessage(EventId = 1100, EventName = "MigrationApplied", Level = LogLevel.Information, Message = "Applied migration {Script}")]
    private static partial void LogApplied(ILogger logger, string script);
}
