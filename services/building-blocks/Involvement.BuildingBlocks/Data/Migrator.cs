using System.Net.Sockets;
using DbUp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Involvement.BuildingBlocks.Data;

/// <summary>
/// Applies every migration not yet applied, in order, to the service's database. While PostgreSQL cannot be reached it
/// waits and retries, saying so, for up to <c>Database:StartupWait</c>. A missing database is created only when the
/// user may (a developer's superuser); the service's own role may not, so then it says what an operator must create.
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
        var connectionString = DatabaseOptions.EffectiveConnectionString(configuration)
            ?? throw new DatabaseUnavailableException("ConnectionStrings__Database is not set.");
        var log = new DbUpLog(logger);
        EnsureDatabaseExists(connectionString, log);

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

    /// <summary>
    /// Connects to the service's own database first: DbUp's EnsureDatabase would connect to the <c>postgres</c> database,
    /// which a hardened server may refuse the service's role, and would fail with a bare "permission denied to create
    /// database" when the database is missing and the role (rightly) lacks CREATEDB.
    /// </summary>
    private static void EnsureDatabaseExists(string connectionString, DbUpLog log)
    {
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            return;
        }
        catch (PostgresException missing) when (missing.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // Missing: create it if this user may (below).
        }
        catch (PostgresException refused) when (!refused.IsTransient)
        {
            // Wrong password, no CONNECT on the database: waiting cannot mend it.
            throw new DatabaseUnavailableException($"PostgreSQL refused the connection ({Describe(refused)}); check ConnectionStrings__Database and Database__Password.", refused);
        }

        try
        {
            EnsureDatabase.For.PostgresqlDatabase(connectionString, log);
        }
        catch (PostgresException refused) when (refused.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            var target = new NpgsqlConnectionStringBuilder(connectionString);
            throw new DatabaseUnavailableException(
                $"database \"{target.Database}\" does not exist and user \"{target.Username}\" may not create it; an operator must create it, " +
                $"owned by that user (CREATE DATABASE \"{target.Database}\" OWNER \"{target.Username}\"; see docs/deployment.md).", refused);
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
