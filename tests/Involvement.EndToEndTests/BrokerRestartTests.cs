using Dapper;
using Involvement.Contracts.Recruitment;
using Involvement.TestKit;
using Npgsql;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Involvement.EndToEndTests;

/// <summary>
/// One reporting process whose broker connection runs through a proxy the tests cut, as a broker restart would.
/// </summary>
public sealed class BrokerRestartTests(BrokerRestartTests.Fixture fixture) : IClassFixture<BrokerRestartTests.Fixture>
{
    [Fact]
    public async Task While_the_broker_is_down_the_service_is_not_ready_and_retries_within_seconds_and_once_ready_every_consumer_is_back()
    {
        fixture.Broker.Refuse();
        var down = DateTime.UtcNow;
        await Eventually.TrueAsync(async () => await SystemFixture.HealthAsync(fixture.Service, "readiness") == ServingStatus.NotServing,
            TimeSpan.FromSeconds(15), "readiness to drop while the broker is away");

        // Reconnect pauses are bounded (here 0.25-1 s, so an attempt at least every 2.25 s); MassTransit's own first
        // pause alone is 4-8 s after the first failed attempt, about 1 s after the drop. So wait for an attempt more
        // than 2.5 s into the outage, and it must come within 5 s of the drop.
        var late = DateTime.MinValue;
        await Eventually.TrueAsync(() =>
        {
            late = fixture.Broker.Refused.Where(t => t > down.AddSeconds(2.5)).DefaultIfEmpty(DateTime.MinValue).Min();
            return Task.FromResult(late != DateTime.MinValue);
        }, TimeSpan.FromSeconds(15), "a reconnect attempt more than 2.5 s into the outage");
        fixture.Broker.Resume();
        Assert.True(late <= down.AddSeconds(5), $"the first reconnect attempt after 2.5 s came {(late - down).TotalSeconds:0.0} s into the outage");

        await Eventually.TrueAsync(async () => await SystemFixture.HealthAsync(fixture.Service, "readiness") == ServingStatus.Serving,
            TimeSpan.FromSeconds(30), "readiness after the broker returned");

        // Ready means every queue has its consumer again: a fact sent to each of the three is taken at once.
        var registered = Events.MemberRegistered(level: 2);
        await fixture.Publisher.PublishAsync(registered);
        await fixture.Publisher.PublishAsync(new MemberLevelChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 2, registered.MemberId, 6, 2));
        await fixture.Publisher.PublishAsync(new MemberStatusChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 3, registered.MemberId, "active", "applicant"));
        await Eventually.TrueAsync(async () => await fixture.MemberAsync(registered.MemberId) is (6, "active", true),
            TimeSpan.FromSeconds(3), "all three facts consumed right after readiness returned");

        // The outage is in the log once, as the probes saw it start and end, not once per probe or reconnect attempt.
        var log = JsonLog.Parse(await fixture.Service.LogLinesAsync());
        Assert.Single(log.WithEventId(1400), e => e.Message().StartsWith("receive-endpoints", StringComparison.Ordinal));
        Assert.Single(log.WithEventId(1401), e => e.Message().StartsWith("receive-endpoints", StringComparison.Ordinal));
        Assert.Empty(log.InCategory("Microsoft.Extensions.Diagnostics.HealthChecks"));
        Assert.Empty(log.InCategory("MassTransit"));
    }

    [Fact]
    public async Task A_message_that_cannot_be_read_is_logged_by_id_and_type_never_by_its_body()
    {
        var messageId = Guid.NewGuid().ToString();
        const string Exchange = "Involvement.Contracts.Recruitment:MemberLevelChanged";

        await fixture.VirtualHost.PublishRawAsync(Exchange, messageId, """{"message": {"displayName": tJaneSecretperson}}""");

        await Eventually.TrueAsync(async () => await fixture.VirtualHost.QueueDepthAsync("reporting-member-level-changed_error") >= 1,
            what: "the unreadable message in the _error queue");
        var log = await Eventually.ValueAsync(async () =>
        {
            var lines = await fixture.Service.LogLinesAsync();
            return lines.Any(l => l.Contains(messageId, StringComparison.Ordinal)) ? lines : throw new InvalidOperationException("not logged yet");
        }, what: "a log line about the message");

        Assert.DoesNotContain(log, l => l.Contains("Secret", StringComparison.Ordinal));
        var entry = Assert.Single(JsonLog.Parse(log).WithEventId(1300), e => e.Message().Contains(messageId, StringComparison.Ordinal));
        Assert.Contains(Exchange, entry.Message(), StringComparison.Ordinal);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly string _logs = Directory.CreateTempSubdirectory("involvement-broker-").FullName;
        private readonly string _database = TestInfrastructure.UniqueDatabaseName("e2e_broker");

        public TcpProxy Broker { get; } = new(TestInfrastructure.RabbitMqPort);

        public TestVirtualHost VirtualHost { get; private set; } = null!;

        public ServiceProcess Service { get; private set; } = null!;

        /// <summary>Publishes as recruitment would, straight to the broker (not through the proxy).</summary>
        public EventProbe<MemberRegistered> Publisher { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            VirtualHost = await TestVirtualHost.CreateAsync();
            Broker.Start();
            await TestInfrastructure.CreateDatabaseAsync(_database, "reporting");
            var settings = ServiceSettings.For("reporting", _database, VirtualHost.Name, Broker.Port);
            settings["Health:CacheFor"] = "00:00:00.250";
            settings["RabbitMq:ReconnectMinDelay"] = "00:00:00.250";
            settings["RabbitMq:ReconnectMaxDelay"] = "00:00:01";
            Service = new ServiceProcess("Reporting", settings, _logs);
            await Service.StartAsync();
            Publisher = await EventProbe.StartAsync<MemberRegistered>(VirtualHost.Name);
        }

        public async Task<(int? Level, string? Status, bool Registered)?> MemberAsync(Guid memberId)
        {
            await using var db = new NpgsqlConnection(TestInfrastructure.ConnectionString(_database));
            var row = await db.QuerySingleOrDefaultAsync<(int?, string?, bool)?>(
                "select involvement_level, status, registered_at is not null from members where member_id = @memberId", new { memberId });
            return row;
        }

        public async Task DisposeAsync()
        {
            await Publisher.DisposeAsync();
            await Service.DisposeAsync();
            await Broker.DisposeAsync();
            await TestInfrastructure.DropDatabaseAsync(_database);
            await VirtualHost.DisposeAsync();
        }
    }
}
