using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Payments.V1;
using Involvement.Recruitment.V1;
using Involvement.Reporting.V1;
using Involvement.TestKit;
using Involvement.Training.V1;

namespace Involvement.EndToEndTests;

/// <summary>
/// The whole system: four service processes, each with its own database, in a RabbitMQ virtual host of their own.
/// Recruitment reaches the broker through a proxy the tests can stop; every service's web proxy is a trap.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private readonly string _logs = Directory.CreateTempSubdirectory("involvement-e2e-").FullName;
    private static readonly string[] ConsumerQueues = ["payments-member-directory", "training-member-directory", "reporting-member-registered"];
    private readonly Dictionary<string, string> _databases = [];

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    public TcpProxy RecruitmentBroker { get; } = new(TestInfrastructure.RabbitMqPort);

    public ProxyTrap OutboundTrap { get; } = new();

    public DateTime StartedAt { get; private set; }

    public ServiceProcess Recruitment { get; private set; } = null!;

    public ServiceProcess Payments { get; private set; } = null!;

    public ServiceProcess Training { get; private set; } = null!;

    public ServiceProcess Reporting { get; private set; } = null!;

    /// <summary>Every MemberRegistered published in the system, as any subscriber would see it.</summary>
    public EventProbe<MemberRegistered> Events { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        VirtualHost = await TestVirtualHost.CreateAsync();
        RecruitmentBroker.Start();
        Recruitment = await ProcessAsync("Recruitment", RecruitmentBroker.Port);
        Payments = await ProcessAsync("Payments");
        Training = await ProcessAsync("Training");
        Reporting = await ProcessAsync("Reporting");
        await Task.WhenAll(Recruitment.StartAsync(), Payments.StartAsync(), Training.StartAsync(), Reporting.StartAsync());
        Events = await EventProbe.StartAsync<MemberRegistered>(VirtualHost.Name);
        StartedAt = DateTime.UtcNow;
    }

    public async Task DisposeAsync()
    {
        await Events.DisposeAsync();
        foreach (var service in new[] { Recruitment, Payments, Training, Reporting })
        {
            await service.DisposeAsync();
        }

        await RecruitmentBroker.DisposeAsync();
        OutboundTrap.Dispose();
        foreach (var database in _databases.Values)
        {
            await TestInfrastructure.DropDatabaseAsync(database);
        }

        await VirtualHost.DisposeAsync();
    }

    /// <summary>The database a service of the system runs on ("Payments").</summary>
    public string DatabaseOf(string service) => _databases[service];

    public Task<Member> RegisterAsync(string familyName) => RegisterAsync(Recruitment, familyName);

    /// <summary>Registers a member through one recruitment process (any replica).</summary>
    public static async Task<Member> RegisterAsync(ServiceProcess recruitment, string familyName)
    {
        using var channel = recruitment.OpenChannel();
        var client = new MemberService.MemberServiceClient(channel.CreateCallInvoker().As(Roles.PpiTeam));
        var reply = await client.RegisterMemberAsync(new RegisterMemberRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(),
            GivenName = "Test",
            FamilyName = familyName,
            LivedExperienceType = LivedExperienceType.Carer,
            InvolvementLevel = InvolvementLevel.Collaboration,
            ConsentToHoldData = true,
        });
        return reply.Member;
    }

    public Task<Payee> PayeeAsync(string memberId) => PayeeAsync(Payments, memberId);

    public static async Task<Payee> PayeeAsync(ServiceProcess payments, string memberId)
    {
        using var channel = payments.OpenChannel();
        return (await new PayeeService.PayeeServiceClient(channel.CreateCallInvoker().As(Roles.Finance))
            .GetPayeeAsync(new GetPayeeRequest { MemberId = memberId })).Payee;
    }

    public async Task<Learner> LearnerAsync(string memberId)
    {
        using var channel = Training.OpenChannel();
        return (await new LearnerService.LearnerServiceClient(channel.CreateCallInvoker().As(Roles.Trainer))
            .GetLearnerAsync(new GetLearnerRequest { LearnerId = memberId })).Learner;
    }

    public static async Task<Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus> HealthAsync(ServiceProcess service, string check)
    {
        using var channel = service.OpenChannel();
        return (await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest { Service = check })).Status;
    }

    public Task<long> ReportedMembersAsync() => ReportedMembersAsync(Reporting);

    public static async Task<long> ReportedMembersAsync(ServiceProcess reporting)
    {
        using var channel = reporting.OpenChannel();
        return (await new ReportingService.ReportingServiceClient(channel.CreateCallInvoker().As(Roles.ReportingConsumer))
            .GetMembershipSummaryAsync(new GetMembershipSummaryRequest())).TotalMembers;
    }

    /// <summary>Waits until every consumer queue of the system is empty.</summary>
    public Task QueuesDrainedAsync() => Eventually.TrueAsync(async () =>
    {
        foreach (var queue in ConsumerQueues)
        {
            if (await VirtualHost.QueueDepthAsync(queue) > 0)
            {
                return false;
            }
        }

        return true;
    }, what: "the consumer queues to drain");

    private async Task<ServiceProcess> ProcessAsync(string name, int? brokerPort = null)
    {
        var database = TestInfrastructure.UniqueDatabaseName($"e2e_{name.ToLowerInvariant()}");
        _databases[name] = database;
        await TestInfrastructure.CreateDatabaseAsync(database, name);
        var settings = ServiceSettings.For(name, database, VirtualHost.Name, brokerPort);
        settings["HTTP_PROXY"] = OutboundTrap.Address.ToString();
        settings["HTTPS_PROXY"] = OutboundTrap.Address.ToString();
        return new ServiceProcess(name, settings, _logs);
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
