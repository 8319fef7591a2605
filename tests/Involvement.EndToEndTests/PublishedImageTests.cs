using Grpc.Health.V1;
using Involvement.TestKit;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace Involvement.EndToEndTests;

/// <summary>
/// What each image runs, short of a container engine: the published output, started by its apphost as the image's
/// entrypoint does, validates its settings, migrates a fresh database as the chart's hook Job does, then serves in
/// Production without migrating and stops cleanly.
/// </summary>
public sealed class PublishedImageTests(PublishedServices published) : IClassFixture<PublishedServices>, IAsyncLifetime
{
    private readonly string _logs = Directory.CreateTempSubdirectory("involvement-published-logs-").FullName;
    private readonly string _database = TestInfrastructure.UniqueDatabaseName("e2e_published");
    private TestVirtualHost _vhost = null!;

    public async Task InitializeAsync() => _vhost = await TestVirtualHost.CreateAsync();

    public async Task DisposeAsync()
    {
        await TestInfrastructure.DropDatabaseAsync(_database);
        await _vhost.DisposeAsync();
    }

    [Theory]
    [InlineData("Recruitment")]
    [InlineData("Payments")]
    [InlineData("Training")]
    [InlineData("Reporting")]
    public async Task The_published_service_checks_its_settings_migrates_and_serves_in_production(string service)
    {
        await TestInfrastructure.CreateDatabaseAsync(_database, service.ToLowerInvariant());
        var settings = ServiceSettings.For(service.ToLowerInvariant(), _database, _vhost.Name);
        settings["Database:MigrateOnStart"] = "false";   // production: the hook Job migrates, the service never does
        var entrypoint = published.Entrypoint(service);

        var check = await ServiceProcess.RunToExitAsync(ServiceProcess.ProgramStartInfo(entrypoint, settings, "check-settings"));
        Assert.True(check.ExitCode == 0, check.Output);
        var migrate = await ServiceProcess.RunToExitAsync(ServiceProcess.ProgramStartInfo(entrypoint, settings, "migrate"));
        Assert.True(migrate.ExitCode == 0, migrate.Output);

        await using var process = new ServiceProcess(service, settings, _logs, entrypoint);
        await process.StartAsync();
        using var channel = process.OpenChannel();
        var health = new Health.HealthClient(channel);
        foreach (var probe in new[] { "readiness", "liveness" })
        {
            Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = probe })).Status);
        }

        Assert.Equal(0, await process.TerminateAsync());
        var log = JsonLog.Parse(await process.LogLinesAsync());
        Assert.DoesNotContain(log, e => e.GetProperty("LogLevel").GetString() is "Warning" or "Error" or "Critical");
    }
}
