extern alias ReportingHost;

using System.Diagnostics;
using Dapper;
using Grpc.Core;
using Grpc.Net.Client;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts;
using Involvement.Contracts.Recruitment;
using Involvement.Reporting.V1;
using Involvement.TestKit;
using MassTransit;
using Npgsql;
using ReportingHost::Involvement.Reporting;
using ReportingHost::Involvement.Reporting.Metrics;
using ReportingHost::Involvement.Reporting.Periods;
using HostDefinition = ReportingHost::Involvement.Reporting.Metrics.MetricDefinition;
using HostUnit = ReportingHost::Involvement.Reporting.V1.MetricUnit;

namespace Involvement.Benchmarks;

/// <summary>
/// Reporting: how fast it ingests events against how fast MassTransit publishes them (a real reporting process);
/// GetMetrics latency over growing stores of published figures (precomputed, so it should not grow); and the time from a
/// change to the last of 1,000 WatchMetrics subscribers receiving it (reporting hosted in this process with a synthetic
/// family, so the change can be made at a known instant).
/// </summary>
public static class ReportingBench
{
    public static async Task IngestAsync(TestVirtualHost vhost, string logs, int events)
    {
        var database = TestInfrastructure.UniqueDatabaseName("bench_reporting");
        await TestInfrastructure.CreateDatabaseAsync(database, "reporting");
        await using var reporting = new ServiceProcess("Reporting", ServiceSettings.For("reporting", database, vhost.Name), logs);
        await reporting.StartAsync();
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
            var registrations = Enumerable.Range(0, events).Select(_ => Events.MemberRegistered()).ToArray();
            await using var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString(database));
            await connection.OpenAsync();
            var cpuBefore = reporting.CpuTime;
            var watch = Stopwatch.StartNew();
            foreach (var chunk in registrations.Chunk(200))
            {
                await Task.WhenAll(chunk.Select(e => bus.Publish(e)));
            }

            var published = watch.Elapsed;
            await Eventually.TrueAsync(async () => await connection.ExecuteScalarAsync<long>("select count(*) from members") >= events,
                TimeSpan.FromMinutes(10), "reporting to apply every registration");
            var applied = watch.Elapsed;
            Console.WriteLine($"reporting ingest               {events:N0} MemberRegistered published in {published.TotalSeconds:F2}s = {events / published.TotalSeconds:F0} events/s; " +
                $"all applied after {applied.TotalSeconds:F2}s = {events / applied.TotalSeconds:F0} events/s " +
                $"({events / applied.TotalSeconds / (events / published.TotalSeconds):P0} of the publish rate); " +
                $"reporting CPU {(reporting.CpuTime - cpuBefore).TotalMilliseconds / events:F2} ms per event");
        }
        finally
        {
            await bus.StopAsync();
            await reporting.KillAsync();
            await TestInfrastructure.DropDatabaseAsync(database);
        }
    }

    public static async Task QueryAsync(TestVirtualHost vhost, int callers, TimeSpan warmUp, TimeSpan duration)
    {
        await using var host = await BenchHost.StartAsync(vhost);
        using var channel = GrpcChannel.ForAddress(host.Address);
        var client = new MetricService.MetricServiceClient(channel.CreateCallInvoker().As(Roles.ReportingConsumer));
        foreach (var years in new[] { 1, 10, 50 })
        {
            var stored = await host.FillHistoryAsync(years);
            var one = await LoadRun.RunAsync($"GetMetrics one metric", callers, warmUp, duration, (c, i) => client.GetMetricsAsync(new GetMetricsRequest
            {
                MetricCodes = { BenchFamily.Code((int)((c + i) % BenchFamily.MetricCount)) },
                Period = new Period { FinancialYear = 2000 + (int)(i % years), Quarter = (int)(i % 5) },
                AllCareGroups = true,
            }).ResponseAsync);
            var all = await LoadRun.RunAsync($"GetMetrics every metric", callers, warmUp, duration, (_, i) => client.GetMetricsAsync(new GetMetricsRequest
            {
                Period = new Period { FinancialYear = 2000 + (int)(i % years), Quarter = (int)(i % 5) },
            }).ResponseAsync);
            Console.WriteLine($"metric_values holding {stored:N0} figures ({years} years of {BenchFamily.MetricCount} metrics, 21 figures per metric and period):");
            Console.WriteLine($"  {one}  (21 figures)");
            Console.WriteLine($"  {all}  ({BenchFamily.MetricCount} metrics, trust-wide)");
        }
    }

    public static async Task WatchAsync(TestVirtualHost vhost, int subscribers, int rounds)
    {
        await using var host = await BenchHost.StartAsync(vhost);
        const int StreamsPerChannel = 50;
        var channels = Enumerable.Range(0, (subscribers + StreamsPerChannel - 1) / StreamsPerChannel)
            .Select(_ => GrpcChannel.ForAddress(host.Address)).ToList();
        var arrivals = new TaskCompletionSource[rounds];
        var pending = new int[rounds];
        for (var r = 0; r < rounds; r++)
        {
            arrivals[r] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            pending[r] = subscribers;
        }

        var stamps = new long[rounds][];
        for (var r = 0; r < rounds; r++)
        {
            stamps[r] = new long[subscribers];
        }

        using var stop = new CancellationTokenSource();
        var caughtUp = new CountdownEvent(subscribers);
        var round = -1;
        var streams = Enumerable.Range(0, subscribers).Select(s => Task.Run(async () =>
        {
            var client = new MetricService.MetricServiceClient(channels[s / StreamsPerChannel].CreateCallInvoker().As(Roles.ReportingConsumer));
            using var call = client.WatchMetrics(new WatchMetricsRequest { MetricCodes = { BenchFamily.Code(0) }, AllCareGroups = true });
            try
            {
                while (await call.ResponseStream.MoveNext(stop.Token))
                {
                    if (call.ResponseStream.Current.CaughtUp)
                    {
                        caughtUp.Signal();
                        continue;
                    }

                    var r = Volatile.Read(ref round);
                    if (r >= 0 && stamps[r][s] == 0)
                    {
                        stamps[r][s] = Stopwatch.GetTimestamp();
                        if (Interlocked.Decrement(ref pending[r]) == 0)
                        {
                            arrivals[r].TrySetResult();
                        }
                    }
                }
            }
            catch (RpcException) when (stop.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
            }
        })).ToList();
        var connecting = Stopwatch.StartNew();
        if (!caughtUp.Wait(TimeSpan.FromMinutes(2)))
        {
            throw new TimeoutException($"only {subscribers - caughtUp.CurrentCount} of {subscribers} subscribers caught up");
        }

        Console.WriteLine($"WatchMetrics: {subscribers:N0} subscribers connected and caught up in {connecting.Elapsed.TotalMilliseconds:F0} ms");
        var lastDelays = new List<double>();
        var allDelays = new List<double>();
        var refreshes = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            Volatile.Write(ref round, r);
            var start = Stopwatch.GetTimestamp();
            await host.ChangeAsync();
            var refreshed = Stopwatch.GetTimestamp();
            await arrivals[r].Task.WaitAsync(TimeSpan.FromSeconds(30));
            refreshes.Add(Stopwatch.GetElapsedTime(start, refreshed).TotalMilliseconds);
            var delays = stamps[r].Select(t => Stopwatch.GetElapsedTime(refreshed, t).TotalMilliseconds).ToList();
            allDelays.AddRange(delays);
            lastDelays.Add(delays.Max());
        }

        Console.WriteLine($"  a change reaching all {subscribers:N0} subscribers, {rounds} changes (from the refresher's commit; the recompute itself took p50 {P(refreshes, 0.5):F1} ms):");
        Console.WriteLine($"  last subscriber p50 {P(lastDelays, 0.5):F1} ms  p99 {P(lastDelays, 0.99):F1} ms;  any subscriber p50 {P(allDelays, 0.5):F1} ms  p99 {P(allDelays, 0.99):F1} ms");
        stop.Cancel();
        await Task.WhenAll(streams);
        foreach (var c in channels)
        {
            c.Dispose();
        }
    }

    private static double P(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>Reporting in this process, with <see cref="BenchFamily"/>, figures recomputed only when the bench asks.</summary>
    private sealed class BenchHost : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly string _database;

        private BenchHost(WebApplication app, string database, Uri address)
        {
            _app = app;
            _database = database;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<BenchHost> StartAsync(TestVirtualHost vhost)
        {
            var database = TestInfrastructure.UniqueDatabaseName("bench_reporting");
            var port = ServiceProcess.FreePort();
            await TestInfrastructure.CreateDatabaseAsync(database, "reporting");
            var settings = ServiceSettings.For("reporting", database, vhost.Name);
            settings["Reporting:RefreshInterval"] = "00:10:00";   // the bench calls the refresher itself
            settings["Reporting:SnapshotInterval"] = "1.00:00:00";
            settings["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{port}";
            settings["Kestrel:Endpoints:Grpc:Protocols"] = "Http2";
            settings["Kestrel:Endpoints:Management:Url"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
            settings["Kestrel:Endpoints:Management:Protocols"] = "Http1";
            settings["Logging:LogLevel:Default"] = "Warning";
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.AddReporting();
            builder.Services.AddSingleton<IMetricFamily, BenchFamily>();
            var app = builder.Build();
            app.MapReporting();
            await app.StartAsync();
            await using (var connection = await TestInfrastructure.OpenAsServiceAsync("reporting", database))   // the service's own table
            {
                await connection.ExecuteAsync(
                    "create table if not exists bench_round (id int primary key, round int not null); insert into bench_round values (1, 0) on conflict do nothing;" +
                    "insert into services_seen (service, first_seen_at) values ('training', now()) on conflict do nothing");
            }

            var host = new BenchHost(app, database, new Uri($"http://127.0.0.1:{port}"));
            await host.ChangeAsync();
            return host;
        }

        /// <summary>Moves bench.m00 (every figure) and recomputes, as a consumer and the refresher would.</summary>
        public async Task ChangeAsync()
        {
            await using (var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString(_database)))
            {
                await connection.ExecuteAsync(
                    "update bench_round set round = round + 1; insert into metric_changes (area, affects_from) values ('bench', current_date)");
            }

            await _app.Services.GetRequiredService<MetricsRefresher>().RefreshAsync(CancellationToken.None);
        }

        /// <summary>Published figures for <paramref name="years"/> past years (from 2000), as the refresher would have stored them.</summary>
        public async Task<long> FillHistoryAsync(int years)
        {
            await using var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString(_database));
            await connection.OpenAsync();
            await connection.ExecuteAsync(
                """
                insert into metric_values (metric, financial_year, quarter, care_group, category, status, value, number, exact, sequence)
                select 'bench.m' || lpad(m::text, 2, '0'), y, q, g.care_group, g.category, 'shown', '105', 105, g.care_group = '' and g.category = '',
                       nextval('metric_value_sequence')
                from generate_series(0, @Metrics - 1) m, generate_series(2000, 2000 + @years - 1) y, generate_series(0, 4) q,
                     (select '' care_group, '' category
                      union all select '', 'k' || k from generate_series(1, 8) k
                      union all select 'group ' || c, '' from generate_series(1, 12) c) g
                on conflict do nothing;
                analyze metric_values;
                """,
                new { Metrics = BenchFamily.MetricCount, years },
                commandTimeout: 600);
            return await connection.ExecuteScalarAsync<long>("select count(*) from metric_values");
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await TestInfrastructure.DropDatabaseAsync(_database);
        }
    }

    /// <summary>60 counts, each with 8 categories and 12 care groups; bench.m00 moves with every round, the rest never do.</summary>
    private sealed class BenchFamily : IMetricFamily
    {
        public const int MetricCount = 60;

        public static string Code(int i) => $"bench.m{i:D2}";

        public string SourceService => "training";

        public IReadOnlyList<HostDefinition> Metrics { get; } =
            [.. Enumerable.Range(0, MetricCount).Select(i => new HostDefinition(Code(i), $"Bench {i}", "A benchmark's count.", "training", ["TrainingSessionHeld"],
                HostUnit.Count, CategoryName: "kind", ByCareGroup: true))];

        public IReadOnlySet<string> DependsOn { get; } = new HashSet<string> { "bench" };

        public async Task<IReadOnlyList<ComputedFigure>> ComputeAsync(UnitOfWork unit, IReadOnlyList<ReportingPeriod> periods, DateOnly today)
        {
            var round = await unit.QuerySingleOrDefaultAsync<int>("select round from bench_round");
            var figures = new List<ComputedFigure>();
            foreach (var p in periods)
            {
                for (var m = 0; m < MetricCount; m++)
                {
                    var moved = m == 0 ? round * 10 : 0;
                    figures.Add(new CountFigure(Code(m), p, "", "", 1000 + moved));
                    figures.AddRange(Enumerable.Range(1, 8).Select(k => new CountFigure(Code(m), p, "", $"k{k}", 100 + moved)));
                    figures.AddRange(Enumerable.Range(1, 12).Select(c => new CountFigure(Code(m), p, $"group {c}", "", 80 + moved)));
                }
            }

            return figures;
        }
    }
}
