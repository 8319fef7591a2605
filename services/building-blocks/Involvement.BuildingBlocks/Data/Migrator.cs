using System.Net.Sockets;
using DbUp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Involvement.BuildingBlocks.Data;

/// <summary>
/// Creates the service's database if missing and applies every migration not yet applied, in order. While PostgreSQL
/// cannot be reached it waits and retries, saying so, for up to <c>Database:StartupWait</c>.
/// </summary>
public sealed partial class Migrator(
    IConfiguration configuration, IEnumerable<MigrationScripts> scripts, IOptions<DatabaseOptions> options, TimeProvider clock, ILogger<Migrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + options.Value.StartupWait;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Migrate();
                return;
            }
            catch (Exception ex) when (Transient(ex) is { } reason)
            {
                var left = deadline - clock.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    throw new DatabaseUnavailableException(
                        $"PostgreSQL could not be reached for {options.Value.StartupWait} ({reason}); check ConnectionStrings__Database and that the database server is up.", ex);
                }

                var pause = TimeSpan.FromSeconds(Math.Min(Math.Min(Math.Pow(2, attempt - 1), 5), left.TotalSeconds));
                LogWaiting(logger, reason, pause.TotalSeconds, left.TotalSeconds);
                await Task.Delay(pause, clock, cancellationToken);
            }
        }
    }

    private void Migrate()
    {
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)
            ?? throw new DatabaseUnavailableException("ConnectionStrings__Database is not set.");
        var log = new DbUpLog(logger);
        EnsureDatabase.For.PostgresqlDatabase(connectionString, log);

        var builder = DeployChanges.To.PostgresqlDatabase(connectionString);
        foreach (var set in scripts)
        {
            builder = builder.WithScriptsEmbeddedInAssembly(set.Assembly, name => name.StartsWith(set.ResourcePrefix, StringComparison.Ordinal));
        }

        var result = builder.WithTransactionPerScript().LogTo(log).Build().PerformUpgrade();
        if (!result.Successful)
        {
            if (Transient(result.Error) is not null)
            {
                throw result.Error;   // retried by the caller
            }

            throw new DatabaseUnavailableException($"Migration {result.ErrorScript?.Name ?? "(before any script)"} failed: {Describe(result.Error)}", result.Error);
        }

        foreach (var applied in result.Scripts)
        {
            LogApplied(logger, applied.Name);
        }
    }

    /// <summary>Why the database could not be reached, if waiting may help; null for anything else.</summary>
    private static string? Transient(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return pg.IsTransient ? Describe(pg) : null;
                case NpgsqlException npgsql when npgsql.IsTransient:
                case SocketException or TimeoutException or EndOfStreamException:
                    return Describe(e);
            }
        }

        return null;
    }

    // Npgsql's messages name the host and port, never the password.
    private static string Describe(Exception? e) => e switch
    {
        null => "unknown error",
        PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
        _ => e.Message,
    };

    [LoggerMessage(EventId = 1100, EventName = "MigrationApplied", Level = LogLevel.Information, Message = "Applied migration {Script}")]
    private static partial void LogApplied(ILogger logger, string script);

    [LoggerMessage(EventId = 1103, EventName = "DatabaseNotReachable", Level = LogLevel.Warning,
        Message = "PostgreSQL is not reachable yet ({Reason}); migrations retry in {PauseSeconds:0.#} s, for {LeftSeconds:0} s more before the service exits with code 3")]
    private static partial void LogWaiting(ILogger logger, string reason, double pauseSeconds, double leftSeconds);
}
