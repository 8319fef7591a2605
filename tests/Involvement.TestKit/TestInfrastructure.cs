using Npgsql;

namespace Involvement.TestKit;

/// <summary>
/// Where the test command's PostgreSQL and RabbitMQ listen (scripts/infra.sh, profile "test"); the same
/// variables override them. The admin users here are for fixtures and the tests' own probes; services connect as
/// their own role and user (<see cref="ServiceSettings"/>), which scripts/infra.sh creates.
/// </summary>
public static class TestInfrastructure
{
    public static string PostgresServer { get; } =
        Environment.GetEnvironmentVariable("INVOLVEMENT_PG") ?? "Host=127.0.0.1;Port=54330;Username=involvement;Password=involvement";

    public static int RabbitMqPort { get; } =
        int.Parse(Environment.GetEnvironmentVariable("INVOLVEMENT_RABBITMQ_PORT") ?? "56730", System.Globalization.CultureInfo.InvariantCulture);

    public static Uri RabbitMqManagement { get; } =
        new(Environment.GetEnvironmentVariable("INVOLVEMENT_RABBITMQ_MANAGEMENT") ?? "http://127.0.0.1:15680");

    public const string RabbitMqUser = "guest";
    public const string RabbitMqPassword = "guest";

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { Database = database, MaxPoolSize = 20 }.ConnectionString;

    /// <summary>A service's own connection string to its database: its role, no password (that is Database__Password).</summary>
    public static string ServiceConnectionString(string service, string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString(database)) { Username = service };
        builder.Remove("Password");
        return builder.ConnectionString;
    }

    /// <summary>
    /// A connection to a service's database as the service's own role: for proving what that role may do, and for a test
    /// that stands in for a migration (a table the service then uses must be the role's own).
    /// </summary>
    public static async Task<NpgsqlConnection> OpenAsServiceAsync(string service, string database)
    {
        var account = BrokerPermissions.Of(service);
        var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(ServiceConnectionString(account.Service, database)) { Password = account.LocalPassword }.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates a service's database as an operator would in production: owned by the service's role, which may not create
    /// databases, and closed to every other role (PUBLIC's CONNECT revoked).
    /// </summary>
    public static async Task CreateDatabaseAsync(string database, string service)
    {
        var owner = BrokerPermissions.Of(service).Service;
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        foreach (var sql in new[] { $"create database \"{database}\" owner \"{owner}\"", $"revoke connect on database \"{database}\" from public" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>A database name no other fixture uses.</summary>
    public static string UniqueDatabaseName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];

    public static async Task DropDatabaseAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"drop database if exists \"{database}\" with (force)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
