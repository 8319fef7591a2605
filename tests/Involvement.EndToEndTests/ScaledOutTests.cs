using Involvement.Contracts.Recruitment;
using Involvement.TestKit;

namespace Involvement.EndToEndTests;

/// <summary>
/// Several replicas of a service share its database and queues, as the chart's <c>replicas</c> and autoscaler run them:
/// the outbox relays take rows with SKIP LOCKED, consumers compete on one queue, and nothing is published or counted twice.
/// </summary>
public sealed class ScaledOutTests : IAsyncLifetime
{
    private const int Replicas = 2;
    private const int Members = 40;
    private readonly string _logs = Directory.CreateTempSubdirectory("involvement-scaled-").FullName;
    private readonly List<string> _databases = [];
    private readonly Dictionary<string, List<ServiceProcess>> _replicas = [];
    private TestVirtualHost _vhost = null!;
    private EventProbe<MemberRegistered> _events = null!;

    public async Task InitializeAsync()
    {
        _vhost = await TestVirtualHost.CreateAsync();
        _events = await EventProbe.StartAsync<MemberRegistered>(_vhost.Name);
        await Task.WhenAll(StartReplicasAsync("Recruitment"), StartReplicasAsync("Payments"), StartReplicasAsync("Reporting"));
    }

    public async Task DisposeAsync()
    {
        await _events.DisposeAsync();
        foreach (var replica in _replicas.Values.SelectMany(r => r))
        {
            await replica.DisposeAsync();
        }

        foreach (var database in _databases)
        {
            await TestInfrastructure.DropDatabaseAsync(database);
        }

        await _vhost.DisposeAsync();
    }

    [Fact]
    public async Task Members_registered_through_two_recruitment_replicas_are_published_once_and_counted_once_by_two_replicas_of_each_consumer()
    {
        var registered = await Task.WhenAll(Enumerable.Range(0, Members)
            .Select(i => SystemFixture.RegisterAsync(_replicas["Recruitment"][i % Replicas], $"Replica{i}")));
        var ids = registered.Select(m => m.MemberId).ToHashSet();

        await Eventually.TrueAsync(async () => await SystemFixture.ReportedMembersAsync(_replicas["Reporting"][0]) == Members,
            TimeSpan.FromSeconds(60), "reporting to count every member");
        foreach (var id in ids)
        {
            var payee = await Eventually.ValueAsync(() => SystemFixture.PayeeAsync(_replicas["Payments"][1], id), TimeSpan.FromSeconds(60), $"payee {id}");
            Assert.Equal(1, payee.MemberVersion);
        }

        await Eventually.TrueAsync(async () => await _vhost.QueueDepthAsync("payments-member-directory") == 0
            && await _vhost.QueueDepthAsync("reporting-member-registered") == 0, what: "the consumer queues to drain");
        await _events.FlushAsync();

        // Each event left the outbox once, although both relays polled the same table.
        var published = _events.Received.Where(e => ids.Contains(e.MemberId.ToString())).GroupBy(e => e.MemberId).ToList();
        Assert.Equal(Members, published.Count);
        Assert.All(published, g => Assert.Single(g));
        // Both replicas answer from the same figures; neither counted a member twice.
        Assert.Equal(Members, await SystemFixture.ReportedMembersAsync(_replicas["Reporting"][0]));
        Assert.Equal(Members, await SystemFixture.ReportedMembersAsync(_replicas["Reporting"][1]));
    }

    /// <summary>As in production: the schema is migrated once (the chart's hook Job), then the replicas start without migrating.</summary>
    private async Task StartReplicasAsync(string service)
    {
        var database = TestInfrastructure.UniqueDatabaseName($"scaled_{service.ToLowerInvariant()}");
        _databases.Add(database);
        await TestInfrastructure.CreateDatabaseAsync(database, service.ToLowerInvariant());
        var settings = ServiceSettings.For(service.ToLowerInvariant(), database, _vhost.Name);
        using (var migrate = System.Diagnostics.Process.Start(ServiceProcess.StartInfo(service, settings, "migrate"))!)
        {
            await migrate.WaitForExitAsync();
            Assert.Equal(0, migrate.ExitCode);
        }

        settings["Database:MigrateOnStart"] = "false";
        // A log folder per replica: the log file is named for the service.
        var replicas = Enumerable.Range(0, Replicas)
            .Select(i => new ServiceProcess(service, settings, Directory.CreateDirectory(Path.Combine(_logs, $"replica-{i}")).FullName))
            .ToList();
        _replicas[service] = replicas;
        await Task.WhenAll(replicas.Select(r => r.StartAsync()));
    }
}
