extern alias ReportingHost;

using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Contracts.Training;
using Involvement.Reporting.V1;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ReportingHost::Involvement.Reporting;
using ReportingHost::Involvement.Reporting.Metrics;
using ReportingHost::Involvement.Reporting.Periods;
using ReportingHost::Involvement.Reporting.Rebuild;
using Involvement.TestKit;
using MetricDefinition = ReportingHost::Involvement.Reporting.Metrics.MetricDefinition;
using HostUnit = ReportingHost::Involvement.Reporting.V1.MetricUnit;

namespace Involvement.FunctionalTests.Reporting;

/// <summary>
/// Reporting with a small metric family of the tests' own (<see cref="TestSessionsFamily"/>: sessions held per module
/// and members attending, from TrainingSessionHeld; people by care group from MemberRegistered), so targets,
/// WatchMetrics, snapshots and the rebuild are tested through the real consumer base, refresher and disclosure
/// control without depending on any real family's arithmetic. Snapshots every 2 seconds.
/// </summary>
public sealed class SubscriptionsFixture : ServiceFixture<ReportingApi>, IAsyncLifetime
{
    protected override string ServiceName => "reporting";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Reporting:SnapshotInterval"] = "00:00:02",
    };

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<IMetricFamily, TestSessionsFamily>();
        services.AddSingleton(new JournaledConsumerType(typeof(TestSessionConsumer)));
        services.AddSingleton(new JournaledConsumerType(typeof(TestMemberConsumer)));
    }

    public MetricService.MetricServiceClient Metrics(string? role = Roles.ReportingConsumer) => new(Calls(role));

    public TargetService.TargetServiceClient Targets(string? role = Roles.PpiTeam) => new(Calls(role));

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        // The test family's tables stand in for a migration, so they are reporting's role's own, as its tables are.
        await using (var db = await TestInfrastructure.OpenAsServiceAsync("reporting", Database))
        {
            await db.ExecuteAsync(
                """
                create table if not exists test_sessions (session_id uuid primary key, module_code text not null, held_on date not null,
                    members_attended int not null, version bigint not null);
                create table if not exists test_members (member_id uuid primary key, care_group text, registered_on date not null);
                """);
        }

        var connector = Services.GetRequiredService<IReceiveEndpointConnector>();
        var database = Services.GetRequiredService<Db>();
        var sessions = connector.ConnectReceiveEndpoint("reporting-test-sessions", (_, e) => e.Consumer(() => new TestSessionConsumer(database)));
        var members = connector.ConnectReceiveEndpoint("reporting-test-members", (_, e) => e.Consumer(() => new TestMemberConsumer(database)));
        await sessions.Ready;
        await members.Ready;
    }

    /// <summary>A session held on <paramref name="heldOn"/>, as training publishes it.</summary>
    public static TrainingSessionHeld Session(DateOnly heldOn, string module = "test-module", int members = 10, long version = 1, Guid? sessionId = null) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, version, sessionId ?? Guid.CreateVersion7(), module, "both", false, heldOn, members, 0);

    /// <summary>Figures of one period as GetMetrics returns them (every care group).</summary>
    public async Task<IReadOnlyList<Figure>> FiguresAsync(int year, int quarter, params string[] metrics)
    {
        var response = await Metrics().GetMetricsAsync(new GetMetricsRequest
        {
            MetricCodes = { metrics },
            Period = new Period { FinancialYear = year, Quarter = quarter },
            AllCareGroups = true,
        });
        return [.. response.Metrics.SelectMany(m => m.Figures)];
    }

    public async Task<string?> TotalAsync(string metric, int year, int quarter) =>
        (await FiguresAsync(year, quarter, metric)).SingleOrDefault(f => f.CareGroup == "" && f.Category == "")?.Value;

    /// <summary>Waits until a metric's whole-trust figure for a period reads <paramref name="value"/>.</summary>
    public Task WaitForTotalAsync(string metric, int year, int quarter, string value) =>
        Eventually.TrueAsync(async () => await TotalAsync(metric, year, quarter) == value, what: $"{metric} {year} Q{quarter} = {value}");
}

[CollectionDefinition(Name)]
public sealed class SubscriptionsCollection : ICollectionFixture<SubscriptionsFixture>
{
    public const string Name = "reporting subscriptions";
}

/// <summary>Sessions held, by module, kept by version (a repeat or an older version changes nothing).</summary>
public sealed class TestSessionConsumer(Db db) : ReportingConsumer<TrainingSessionHeld>(db)
{
    protected override string SourceService => "training";

    protected override string Area => "test_sessions";

    protected override DateOnly AffectsFrom(TrainingSessionHeld message) => message.HeldOn;

    public override Task ApplyAsync(TrainingSessionHeld message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into test_sessions (session_id, module_code, held_on, members_attended, version)
            values (@SessionId, @ModuleCode, @HeldOn, @MembersAttended, @AggregateVersion)
            on conflict (session_id) do update set module_code = excluded.module_code, held_on = excluded.held_on,
                members_attended = excluded.members_attended, version = excluded.version
            where test_sessions.version < excluded.version
            """,
            message);
}

/// <summary>Registrations by care group (the name and locality are never kept: not here, not in the journal).</summary>
public sealed class TestMemberConsumer(Db db) : ReportingConsumer<MemberRegistered>(db)
{
    protected override string SourceService => "recruitment";

    protected override string Area => "test_members";

    protected override DateOnly AffectsFrom(MemberRegistered message) => ReportingHost::Involvement.Reporting.Periods.ReportingPeriod.QuarterOf(
        Involvement.BuildingBlocks.Time.UkTime.DateOf(message.RegisteredAt)).Start;

    public override Task ApplyAsync(MemberRegistered message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into test_members (member_id, care_group, registered_on) values (@MemberId, @CareGroup, @registeredOn)
            on conflict do nothing
            """,
            new { message.MemberId, message.CareGroup, registeredOn = Involvement.BuildingBlocks.Time.UkTime.DateOf(message.RegisteredAt) });
}

/// <summary>
/// test.sessions_held (count, by module), test.members_attended (people, a flow), test.people_registered (people by
/// care group, a flow) and test.people_in_pool (people at the period's end, a position).
/// </summary>
public sealed class TestSessionsFamily : IMetricFamily
{
    public const string SessionsHeld = "test.sessions_held";
    public const string MembersAttended = "test.members_attended";
    public const string PeopleRegistered = "test.people_registered";
    public const string PeopleInPool = "test.people_in_pool";

    public string SourceService => "training";

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new(SessionsHeld, "Sessions held (test)", "Training sessions held in the period.", "training", ["TrainingSessionHeld"], HostUnit.Count, CategoryName: "module"),
        new(MembersAttended, "Members attending (test)", "Members attending sessions held in the period.", "training", ["TrainingSessionHeld"], HostUnit.People),
        new(PeopleRegistered, "People registered (test)", "Registrations in the period.", "training", ["MemberRegistered"], HostUnit.People, ByCareGroup: true),
        new(PeopleInPool, "People in the pool (test)", "Registered by the period's end.", "training", ["MemberRegistered"], HostUnit.People, AtPeriodEnd: true),
    ];

    public IReadOnlySet<string> DependsOn { get; } = new HashSet<string> { "test_sessions", "test_members" };

    public async Task<IReadOnlyList<ComputedFigure>> ComputeAsync(UnitOfWork unit, IReadOnlyList<ReportingPeriod> periods, DateOnly today)
    {
        var sessions = (await unit.QueryAsync<(string Module, DateOnly HeldOn, int Members)>("select module_code, held_on, members_attended from test_sessions")).ToList();
        var members = (await unit.QueryAsync<(string? CareGroup, DateOnly RegisteredOn)>("select care_group, registered_on from test_members")).ToList();
        var modules = sessions.Select(s => s.Module).Distinct().ToList();
        var groups = members.Where(m => m.CareGroup is not null).Select(m => m.CareGroup!).Distinct().ToList();
        var figures = new List<ComputedFigure>();
        foreach (var p in periods)
        {
            var held = sessions.Where(s => p.Contains(s.HeldOn)).ToList();
            figures.Add(new CountFigure(SessionsHeld, p, "", "", held.Count));
            figures.AddRange(modules.Select(m => new CountFigure(SessionsHeld, p, "", m, held.Count(s => s.Module == m))));
            figures.Add(new CountFigure(MembersAttended, p, "", "", held.Sum(s => s.Members)));
            var registered = members.Where(m => p.Contains(m.RegisteredOn)).ToList();
            figures.Add(new CountFigure(PeopleRegistered, p, "", "", registered.Count));
            figures.AddRange(groups.Select(g => new CountFigure(PeopleRegistered, p, g, "", registered.Count(m => m.CareGroup == g))));
            figures.Add(new CountFigure(PeopleInPool, p, "", "", members.Count(m => m.RegisteredOn <= p.End)));
        }

        return figures;
    }
}
