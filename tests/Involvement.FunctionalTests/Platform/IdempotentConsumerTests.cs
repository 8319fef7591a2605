using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;
using Involvement.TestKit;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Involvement.FunctionalTests.Platform;

/// <summary>
/// The idempotent-consumer mechanism itself, with a consumer whose effect would show a repeat (a counter), over the
/// real broker and database: the services' own consumers upsert, so a repeat would not show in their data.
/// </summary>
public sealed class IdempotentConsumerTests : IAsyncLifetime
{
    private readonly string _database = TestInfrastructure.UniqueDatabaseName("ft_consumer");
    private TestVirtualHost _vhost = null!;
    private NpgsqlDataSource _dataSource = null!;
    private IBusControl _bus = null!;

    public async Task InitializeAsync()
    {
        _vhost = await TestVirtualHost.CreateAsync();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = TestInfrastructure.ConnectionString(_database),
        }).Build();
        await new Migrator(config, [new MigrationScripts(typeof(Db).Assembly, "Involvement.BuildingBlocks.Data.Migrations.")],
            Options.Create(new DatabaseOptions()), TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        _dataSource = NpgsqlDataSource.Create(TestInfrastructure.ConnectionString(_database));
        await _dataSource.CreateCommand("create table handled (member_id uuid not null)").ExecuteNonQueryAsync();

        var db = new Db(_dataSource, new OutboxSignal());
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host("127.0.0.1", (ushort)TestInfrastructure.RabbitMqPort, _vhost.Name, h =>
            {
                h.Username(TestInfrastructure.RabbitMqUser);
                h.Password(TestInfrastructure.RabbitMqPassword);
            });
            cfg.ReceiveEndpoint("counting", e =>
            {
                // One at a time, in queue order: once a later event is handled, every repeat before it has been.
                e.PrefetchCount = 1;
                e.ConcurrentMessageLimit = 1;
                e.Consumer(() => new CountingConsumer(db));
            });
        });
        await _bus.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _bus.StopAsync();
        await _dataSource.DisposeAsync();
        await TestInfrastructure.DropDatabaseAsync(_database);
        await _vhost.DisposeAsync();
    }

    [Fact]
    public async Task An_event_delivered_three_times_is_handled_once_and_another_event_still_is()
    {
        var repeated = Events.MemberRegistered();
        var other = Events.MemberRegistered();

        for (var i = 0; i < 3; i++)
        {
            await _bus.Publish(repeated, c => c.MessageId = repeated.EventId);
        }

        await _bus.Publish(other, c => c.MessageId = other.EventId);

        await Eventually.TrueAsync(async () => await CountAsync(other.MemberId) == 1, what: "the other event to be handled");
        Assert.Equal(1, await CountAsync(repeated.MemberId));
    }

    private async Task<long> CountAsync(Guid memberId)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from handled where member_id = @memberId", new { memberId });
    }

    private sealed class CountingConsumer(Db db) : IdempotentConsumer<MemberRegistered>(db)
    {
        protected override Task HandleAsync(MemberRegistered message, UnitOfWork unit) =>
            unit.ExecuteAsync("insert into handled (member_id) values (@MemberId)", message);
    }
}
