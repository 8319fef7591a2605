using System.Diagnostics;
using Dapper;
using Grpc.Net.Client;
using Involvement.BuildingBlocks.Messaging;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts;
using Involvement.Contracts.Recruitment;
using Involvement.Payments.V1;
using Involvement.TestKit;
using MassTransit;
using Npgsql;

namespace Involvement.Benchmarks;

/// <summary>
/// Fee creation from ParticipationRecorded on a real payments process: how fast this process can publish the events
/// through MassTransit (the rate recruitment's relay would be bound by), and how fast payments turns them into fee lines
/// — live (publishing while payments consumes) and from a backlog (all queued while payments is down, then started).
/// Members attend ten weekly sessions each on a £20 card capped at 6 a month, so the cap is evaluated for real.
/// </summary>
public static class FeeCreation
{
    public static async Task RunAsync(string logs, int events)
    {
        await using var vhost = await TestVirtualHost.CreateAsync();
        var database = TestInfrastructure.UniqueDatabaseName("bench_payments");
        await TestInfrastructure.CreateDatabaseAsync(database, "payments");
        await using var payments = new ServiceProcess("Payments", ServiceSettings.For("payments", database, vhost.Name), logs);
        await payments.StartAsync();
        var reference = await CreateCardAsync(payments);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host("127.0.0.1", (ushort)TestInfrastructure.RabbitMqPort, vhost.Name, h =>
            {
                h.Username(TestInfrastructure.RabbitMqUser);
                h.Password(TestInfrastructure.RabbitMqPassword);
            });
            cfg.Publish<IIntegrationEvent>(p => p.Exclude = true);
            cfg.ConfigureJsonSerializerOptions(EventJson.OnTheWire);
        });
        await bus.StartAsync();
        try
        {
            var live = await SeedAsync(database, reference, events);
            var server = await PostgresCpu.ServerPidAsync(database);
            var cpuBefore = payments.CpuTime;
            var dbBefore = server is { } s1 ? PostgresCpu.Total(s1) : TimeSpan.Zero;
            var (published, created) = await PublishAndCountAsync(bus, database, live, events);
            var cpu = payments.CpuTime - cpuBefore;
            var dbCpu = server is { } s2 ? PostgresCpu.Total(s2) - dbBefore : TimeSpan.Zero;
            Console.WriteLine($"MassTransit publish           {events} ParticipationRecorded in {published.TotalSeconds:F2}s = {events / published.TotalSeconds:F0} events/s");
            Console.WriteLine($"fee creation, live            {events} fee lines in {created.TotalSeconds:F2}s = {events / created.TotalSeconds:F0} events/s " +
                $"({events / created.TotalSeconds / (events / published.TotalSeconds):P0} of the publish rate); payments CPU {cpu.TotalMilliseconds / events:F2} ms/event");
            if (server is not null)
            {
                // The worktree's PostgreSQL serves only this benchmark, so its CPU is the fee work's database share.
                var perEvent = (cpu + dbCpu).TotalMilliseconds / events;
                Console.WriteLine($"  PostgreSQL CPU {dbCpu.TotalMilliseconds / events:F2} ms/event; payments + PostgreSQL {perEvent:F2} ms/event " +
                    $"= at most {Environment.ProcessorCount * 1000 / perEvent:F0} events/s on {Environment.ProcessorCount} idle cores (the broker and publisher aside)");
            }

            var backlog = await SeedAsync(database, reference, events);
            await payments.KillAsync();
            await PublishAllAsync(bus, backlog);
            var starting = Stopwatch.StartNew();
            await payments.StartAsync();
            var ready = starting.Elapsed;
            cpuBefore = payments.CpuTime;
            dbBefore = server is { } s3 ? PostgresCpu.Total(s3) : TimeSpan.Zero;
            await WaitForLinesAsync(database, 2L * events);
            var drained = starting.Elapsed - ready;
            cpu = payments.CpuTime - cpuBefore;
            dbCpu = server is { } s4 ? PostgresCpu.Total(s4) - dbBefore : TimeSpan.Zero;
            Console.WriteLine($"fee creation, backlog         {events} fee lines in {drained.TotalSeconds:F2}s after ready = {events / drained.TotalSeconds:F0} events/s; " +
                $"payments CPU {cpu.TotalMilliseconds / events:F2} ms/event, PostgreSQL CPU {dbCpu.TotalMilliseconds / events:F2} ms/event");
            await using var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString(database));
            var states = await connection.QueryAsync<(string State, string? HoldReason, long Lines)>(
                "select state, hold_reason, count(*) from fee_lines group by state, hold_reason order by 1, 2");
            Console.WriteLine($"  fee lines: {string.Join(", ", states.Select(s => $"{s.State}{(s.HoldReason is null ? "" : $" ({s.HoldReason})")} {s.Lines}"))}");
        }
        finally
        {
            await bus.StopAsync();
            await payments.KillAsync();
            await TestInfrastructure.DropDatabaseAsync(database);
        }
    }

    private static async Task<string> CreateCardAsync(ServiceProcess payments)
    {
        using var channel = payments.OpenChannel();
        var cards = new RateCardService.RateCardServiceClient(channel.CreateCallInvoker().As(Roles.Finance));
        var reference = $"BENCH-{Guid.NewGuid():N}"[..16];
        await cards.CreateRateCardAsync(new CreateRateCardRequest
        {
            IdempotencyKey = reference, Reference = reference, Kind = RateCardKind.Contributor, Title = "Benchmark contributor",
            FirstVersion = new RateTerms { EffectiveFrom = new Google.Type.Date { Year = 2025, Month = 1, Day = 1 }, Unit = RateUnit.Session, AmountPence = 2000, MonthlyUnitCap = 6 },
        });
        return reference;
    }

    /// <summary>Members and opportunities as payments' consumers would have written them, and the attendance events to publish.</summary>
    private static async Task<IReadOnlyList<ParticipationRecorded>> SeedAsync(string database, string reference, int events)
    {
        const int sessionsEach = 10;
        var members = Enumerable.Range(0, Math.Max(1, events / sessionsEach)).Select(_ => Guid.CreateVersion7()).ToArray();
        var opportunityId = Guid.CreateVersion7();
        var first = new DateTimeOffset(2026, 5, 5, 10, 0, 0, TimeSpan.Zero);
        var sessions = Enumerable.Range(0, sessionsEach).Select(i => (Id: Guid.CreateVersion7(), StartsAt: first.AddDays(7 * i))).ToArray();
        await using var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString(database));
        await connection.ExecuteAsync(
            """
            insert into known_members (member_id, display_name, member_version, updated_at) select m, 'Bench member', 1, now() from unnest(@members) m;
            insert into opportunities (opportunity_id, title, kind, cost_centre, rate_reference, role_type, published_on, event_version, updated_at)
            values (@opportunityId, 'Benchmark panel', 'panel', 'PPI-BENCH', @reference, 'consultant', date '2026-04-20', 1, now());
            """,
            new { members, opportunityId, reference });
        var now = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, events).Select(i =>
        {
            var member = members[i % members.Length];
            var session = sessions[i / members.Length % sessionsEach];
            return new ParticipationRecorded(Guid.CreateVersion7(), now, 2, Guid.CreateVersion7(), opportunityId, session.Id, member, "consultant",
                reference, session.StartsAt, 2m);
        })];
    }

    /// <summary>Publishes every event (64 in flight) and, at the same time, counts fee lines until all are there.</summary>
    private static async Task<(TimeSpan Published, TimeSpan Created)> PublishAndCountAsync(IBus bus, string database, IReadOnlyList<ParticipationRecorded> events, int count)
    {
        var watch = Stopwatch.StartNew();
        var publishing = Task.Run(async () =>
        {
            await PublishAllAsync(bus, events);
            return watch.Elapsed;
        });
        await WaitForLinesAsync(database, count);
        var created = watch.Elapsed;
        return (await publishing, created);
    }

    private static async Task PublishAllAsync(IBus bus, IReadOnlyList<ParticipationRecorded> events) =>
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (e, ct) => await bus.Publish(e, context => context.MessageId = e.EventId, ct));

    private static async Task WaitForLinesAsync(string database, long lines)
    {
        await using var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString(database));
        await Eventually.TrueAsync(async () => await connection.ExecuteScalarAsync<long>("select count(*) from fee_lines") >= lines,
            TimeSpan.FromMinutes(10), $"{lines} fee lines");
    }
}
