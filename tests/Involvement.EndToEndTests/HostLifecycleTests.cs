using Dapper;
using Grpc.Core;
using Grpc.Health.V1;
using Involvement.TestKit;
using Npgsql;

namespace Involvement.EndToEndTests;

/// <summary>How a service process starts, migrates and reports its health, outside the shared system.</summary>
public sealed class HostLifecycleTests : IAsyncLifetime
{
    private readonly string _logs = Directory.CreateTempSubdirectory("involvement-host-").FullName;
    private readonly string _database = TestInfrastructure.UniqueDatabaseName("e2e_host");
    private TestVirtualHost _vhost = null!;

    public async Task InitializeAsync() => _vhost = await TestVirtualHost.CreateAsync();

    // The database every test but the migrate one starts a service on, as an operator would have made it.
    private async Task<Dictionary<string, string?>> SettingsAsync(string service)
    {
        await TestInfrastructure.CreateDatabaseAsync(_database, service);
        return ServiceSettings.For(service, _database, _vhost.Name);
    }

    public async Task DisposeAsync()
    {
        await TestInfrastructure.DropDatabaseAsync(_database);
        await _vhost.DisposeAsync();
    }

    [Fact]
    public async Task Missing_settings_stop_the_start_with_a_message_naming_each_variable()
    {
        var (exitCode, output) = await RunToExitAsync("Payments", new Dictionary<string, string?>());

        Assert.Equal(2, exitCode);
        Assert.Contains("Involvement.Payments cannot start", output, StringComparison.Ordinal);
        foreach (var variable in new[] { "ConnectionStrings__Database", "RabbitMq__Host", "RabbitMq__Username", "RabbitMq__Password", "Auth__Authority", "Auth__Audience", "Auth__SigningKey" })
        {
            Assert.Contains($"(environment variable {variable})", output, StringComparison.Ordinal);
        }

        Assert.Contains("Payments__BankDetailsCurrentKeyId", output, StringComparison.Ordinal);   // payments' own check, the key ring
    }

    [Fact]
    public async Task The_migrate_command_needs_only_the_database_and_creates_the_schema()
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Database"] = TestInfrastructure.ConnectionString(_database) };

        var (exitCode, output) = await RunToExitAsync("Recruitment", settings, "migrate");

        Assert.True(exitCode == 0, output);
        // All output is JSON: the migration library's own console lines (a connection string among them) are not printed.
        Assert.Contains(JsonLog.Parse(output.Split('\n')), e => e.Message().StartsWith("Applied migration", StringComparison.Ordinal));
        Assert.DoesNotContain("ConnectionString", output, StringComparison.Ordinal);
        await using var db = new NpgsqlConnection(TestInfrastructure.ConnectionString(_database));
        var tables = (await db.QueryAsync<string>("select table_name from information_schema.tables where table_schema = 'public'")).ToList();
        Assert.Contains("members", tables);
        Assert.Contains("outbox_messages", tables);
        Assert.Contains("processed_messages", tables);
        Assert.Contains("idempotent_requests", tables);

        // A second run finds nothing to do and succeeds.
        Assert.Equal(0, (await RunToExitAsync("Recruitment", settings, "migrate")).ExitCode);
    }

    [Fact]
    public async Task Check_settings_accepts_a_full_configuration_without_reaching_the_database_or_the_broker()
    {
        var settings = ServiceSettings.For("payments", _database, _vhost.Name);
        // Nothing listens on these ports: a check that tried to connect would hang or fail.
        settings["ConnectionStrings:Database"] = $"Host=127.0.0.1;Port={ServiceProcess.FreePort()};Username=nobody;Password=x;Database=none";
        settings["RabbitMq:Port"] = ServiceProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, output) = await RunToExitAsync("Payments", settings, "check-settings");

        Assert.True(exitCode == 0, output);
        Assert.Equal("settings OK", output.Trim());
    }

    [Fact]
    public async Task Check_settings_names_each_missing_or_invalid_setting_and_exits_with_code_2()
    {
        var settings = ServiceSettings.For("payments", _database, _vhost.Name);
        settings.Remove("Auth:SigningKey");
        settings["Shutdown:Timeout"] = "00:00:00";

        var (exitCode, output) = await RunToExitAsync("Payments", settings, "check-settings");

        Assert.Equal(2, exitCode);
        Assert.Contains("(environment variable Auth__SigningKey)", output, StringComparison.Ordinal);
        Assert.Contains("Shutdown__Timeout must be more than zero", output, StringComparison.Ordinal);
        Assert.DoesNotContain("settings OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrating_as_the_services_own_role_into_a_missing_database_says_what_an_operator_must_create()
    {
        var settings = ServiceSettings.For("training", _database, _vhost.Name);   // the database is not made first

        var (exitCode, output) = await RunToExitAsync("Training", settings, "migrate");

        Assert.True(exitCode == 3, output);
        Assert.Contains(JsonLog.Parse(output.Split('\n')).WithEventId(1001),
            e => e.Message().Contains($"CREATE DATABASE \"{_database}\" OWNER \"training\"", StringComparison.Ordinal));
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_fails_while_the_database_is_unreachable_but_the_process_stays_live()
    {
        var settings = ServiceSettings.For("training", _database, _vhost.Name);
        settings["ConnectionStrings:Database"] = $"Host=127.0.0.1;Port={ServiceProcess.FreePort()};Username=nobody;Password=x;Database=none;Timeout=2";
        settings["Database:MigrateOnStart"] = "false";
        await using var service = new ServiceProcess("Training", settings, _logs);

        await service.StartAsync(waitUntilServing: false);
        using var channel = service.OpenChannel();
        var health = new Health.HealthClient(channel);

        var live = await Eventually.ValueAsync(() => health.CheckAsync(new HealthCheckRequest { Service = "liveness" }).ResponseAsync);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, live.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = "readiness" })).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest())).Status);

        // Probes keep coming while the database is away: the outage is logged once, not once per probe.
        for (var i = 0; i < 20; i++)
        {
            await health.CheckAsync(new HealthCheckRequest { Service = "readiness" });
        }

        var log = JsonLog.Parse(await service.LogLinesAsync());
        var unavailable = Assert.Single(log.WithEventId(1402), e => e.Message().StartsWith("postgresql", StringComparison.Ordinal));
        Assert.True(unavailable.GetRawText().Length < 2000, unavailable.GetRawText());
        Assert.Empty(log.InCategory("Microsoft.Extensions.Diagnostics.HealthChecks"));
    }

    [Fact]
    public async Task A_service_started_while_the_database_is_down_waits_for_it_and_then_serves()
    {
        await using var database = new TcpProxy(PostgresPort());   // not started: PostgreSQL is down
        var settings = await SettingsAsync("training");
        settings["ConnectionStrings:Database"] = new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Database"])
        {
            Port = database.Port,
            Timeout = 2,
        }.ConnectionString;
        await using var service = new ServiceProcess("Training", settings, _logs);

        await service.StartAsync(waitUntilServing: false);
        await Eventually.TrueAsync(async () => service.HasExited
            || JsonLog.Parse(await service.LogLinesAsync()).WithEventId(1103).Any(), what: "a line saying migrations wait for PostgreSQL");
        Assert.False(service.HasExited, "the service exited instead of waiting for PostgreSQL");

        database.Start();

        var ready = await Eventually.ValueAsync(() => SystemFixture.HealthAsync(service, "readiness"), TimeSpan.FromSeconds(60), "the service to listen");
        await Eventually.TrueAsync(async () => ready == HealthCheckResponse.Types.ServingStatus.Serving
            || (ready = await SystemFixture.HealthAsync(service, "readiness")) == HealthCheckResponse.Types.ServingStatus.Serving,
            TimeSpan.FromSeconds(60), "the service to serve once PostgreSQL is back");
    }

    [Fact]
    public async Task A_service_whose_database_stays_down_exits_with_code_3_and_says_why()
    {
        var settings = ServiceSettings.For("training", _database, _vhost.Name);
        settings["ConnectionStrings:Database"] = $"Host=127.0.0.1;Port={ServiceProcess.FreePort()};Username=nobody;Password=x;Database=none;Timeout=2";
        settings["Database:StartupWait"] = "00:00:02";

        var (exitCode, output) = await RunToExitAsync("Training", settings);

        Assert.True(exitCode == 3, output);
        var log = JsonLog.Parse(output.Split('\n'));
        Assert.Contains(log.WithEventId(1001), e => e.Message().Contains("PostgreSQL could not be reached", StringComparison.Ordinal));
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_told_to_stop_while_waiting_for_the_database_stops_cleanly()
    {
        var settings = ServiceSettings.For("training", _database, _vhost.Name);
        settings["ConnectionStrings:Database"] = $"Host=127.0.0.1;Port={ServiceProcess.FreePort()};Username=nobody;Password=x;Database=none;Timeout=2";
        await using var service = new ServiceProcess("Training", settings, _logs);

        await service.StartAsync(waitUntilServing: false);
        await Eventually.TrueAsync(async () => JsonLog.Parse(await service.LogLinesAsync()).WithEventId(1103).Any(), what: "the service waiting for PostgreSQL");

        Assert.Equal(0, await service.TerminateAsync());
        Assert.DoesNotContain(await service.LogLinesAsync(), l => l.StartsWith("Unhandled exception", StringComparison.Ordinal));
    }

    private static int PostgresPort() => new NpgsqlConnectionStringBuilder(TestInfrastructure.PostgresServer).Port;

    private static Task<(int ExitCode, string Output)> RunToExitAsync(string service, Dictionary<string, string?> settings, params string[] args) =>
        ServiceProcess.RunToExitAsync(ServiceProcess.StartInfo(service, settings, args));
}
