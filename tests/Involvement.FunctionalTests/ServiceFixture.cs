using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Involvement.Contracts.Recruitment;
using Involvement.TestKit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Involvement.FunctionalTests;

/// <summary>What a test needs of any hosted service, whichever it is.</summary>
public interface IServiceFixture
{
    /// <summary>Calls carrying a token for <paramref name="role"/>, or none when null.</summary>
    CallInvoker Calls(string? role, string subject = "test-user");

    /// <summary>Plain HTTP to the host, for requests no gRPC client would send.</summary>
    HttpClient Http();

    /// <summary>The host's services (its endpoints, say).</summary>
    IServiceProvider Services { get; }
}

/// <summary>The four hosts by name, for tests that walk every service's descriptors (gRPC, REST, OpenAPI).</summary>
public static class Hosts
{
    public static IServiceFixture Named(string name, IServiceFixture recruitment, IServiceFixture payments, IServiceFixture training, IServiceFixture reporting) => name switch
    {
        "recruitment" => recruitment,
        "payments" => payments,
        "training" => training,
        "reporting" => reporting,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not an Involvement service"),
    };
}

/// <summary>
/// One service hosted in-process with a database and RabbitMQ virtual host of its own, ready (gRPC health SERVING,
/// so its queues are bound) before any test runs.
/// </summary>
public abstract class ServiceFixture<TEntryPoint> : IServiceFixture, IAsyncLifetime
    where TEntryPoint : class
{
    private WebApplicationFactory<TEntryPoint>? _factory;
    private GrpcChannel? _channel;

    protected abstract string ServiceName { get; }

    /// <summary>Settings of the service's own, on top of the shared test settings.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>();

    /// <summary>Services a fixture adds to the host (a log capture, say), after the service's own.</summary>
    protected virtual void ConfigureTestServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    public string Database { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    /// <summary>
    /// A bus in this fixture's virtual host that sees every MemberRegistered published there and can publish one
    /// as recruitment would: every service either publishes or consumes it.
    /// </summary>
    public EventProbe<MemberRegistered> MemberEvents { get; private set; } = null!;

    private readonly Dictionary<Type, IEventProbe> _probes = [];

    /// <summary>A probe for another event type, started on first use (before the action whose event it should see).</summary>
    public async Task<EventProbe<TEvent>> ProbeAsync<TEvent>()
        where TEvent : class, Contracts.IIntegrationEvent
    {
        if (!_probes.TryGetValue(typeof(TEvent), out var probe))
        {
            probe = await EventProbe.StartAsync<TEvent>(VirtualHost.Name);
            _probes[typeof(TEvent)] = probe;
        }

        return (EventProbe<TEvent>)probe;
    }

    /// <summary>
    /// Waits until the service has published everything it wrote (its outbox holds nothing pending) and every probe
    /// has handled what was queued for it, so a test can assert that an event arrived once, or not at all.
    /// </summary>
    public async Task SettledAsync()
    {
        await Eventually.TrueAsync(async () =>
        {
            await using var db = OpenDatabase();
            return await Dapper.SqlMapper.ExecuteScalarAsync<long>(db, "select count(*) from outbox_messages where sent_at is null and parked_at is null") == 0;
        }, what: "the outbox to drain");
        foreach (var probe in _probes.Values.Append(MemberEvents))
        {
            await probe.FlushAsync();
        }
    }

    /// <summary>Calls carrying a token for <paramref name="role"/>, or none when null.</summary>
    public CallInvoker Calls(string? role, string subject = "test-user") => _channel!.CreateCallInvoker().As(role, subject);

    public HttpClient Http() => _factory!.CreateDefaultClient();

    public NpgsqlConnection OpenDatabase()
    {
        var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString(Database));
        connection.Open();
        return connection;
    }

    public async Task InitializeAsync()
    {
        VirtualHost = await TestVirtualHost.CreateAsync();
        Database = TestInfrastructure.UniqueDatabaseName($"ft_{ServiceName}");
        // Which service this is, from its assembly (Involvement.Payments): it runs as that service's own users.
        var service = typeof(TEntryPoint).Assembly.GetName().Name!.Split('.')[^1];
        await TestInfrastructure.CreateDatabaseAsync(Database, service);
        var settings = ServiceSettings.For(service, Database, VirtualHost.Name);
        _factory = new WebApplicationFactory<TEntryPoint>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            foreach (var (key, value) in settings.Concat(ExtraSettings))
            {
                web.UseSetting(key, value);
            }

            web.ConfigureServices(ConfigureTestServices);
        });
        _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        var health = new Health.HealthClient(_channel);
        await Eventually.TrueAsync(
            async () => (await health.CheckAsync(new HealthCheckRequest())).Status == HealthCheckResponse.Types.ServingStatus.Serving,
            what: $"{ServiceName} to report SERVING");
        MemberEvents = await EventProbe.StartAsync<MemberRegistered>(VirtualHost.Name);
    }

    public async Task DisposeAsync()
    {
        await MemberEvents.DisposeAsync();
        foreach (var probe in _probes.Values)
        {
            await probe.DisposeAsync();
        }
        _channel?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await TestInfrastructure.DropDatabaseAsync(Database);
        await VirtualHost.DisposeAsync();
    }
}
