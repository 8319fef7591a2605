using System.Diagnostics;
using System.Net.Sockets;
using Grpc.Health.V1;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;
using Involvement.TestKit;
using Npgsql;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace Involvement.EndToEndTests;

/// <summary>
/// How a service leaves on SIGTERM, as a pod does: out of readiness at once, still serving through the drain delay,
/// then no new connections while the calls already in flight finish.
/// </summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    // Long enough that the test's own health calls land inside the drain on a busy machine.
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(5);

    private readonly string _logs = Directory.CreateTempSubdirectory("involvement-shutdown-").FullName;
    private readonly string _database = TestInfrastructure.UniqueDatabaseName("e2e_shutdown");
    private TestVirtualHost _vhost = null!;

    public async Task InitializeAsync() => _vhost = await TestVirtualHost.CreateAsync();

    public async Task DisposeAsync()
    {
        await TestInfrastructure.DropDatabaseAsync(_database);
        await _vhost.DisposeAsync();
    }

    [Fact]
    public async Task On_SIGTERM_readiness_turns_NOT_SERVING_the_drain_keeps_serving_and_an_in_flight_call_completes()
    {
        await TestInfrastructure.CreateDatabaseAsync(_database, "recruitment");
        var settings = ServiceSettings.For("recruitment", _database, _vhost.Name);
        settings["Shutdown:DrainDelay"] = DrainDelay.ToString();
        settings["Shutdown:Timeout"] = "00:00:30";
        await using var service = new ServiceProcess("Recruitment", settings, _logs);
        await service.StartAsync();
        using var channel = service.OpenChannel();
        var members = new MemberService.MemberServiceClient(channel.CreateCallInvoker().As(Roles.PpiTeam));
        var member = await RecruitmentSteps.ActiveMemberAsync(channel.CreateCallInvoker().As(Roles.PpiTeam), "Shutdown");

        // The test holds the members table, so a read of it stays in flight until the test lets go.
        await using var holder = new NpgsqlConnection(TestInfrastructure.ConnectionString(_database));
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockMembers = new NpgsqlCommand("lock table members in access exclusive mode", holder, hold))
        {
            await lockMembers.ExecuteNonQueryAsync();
        }

        using var inFlight = members.GetMemberAsync(new GetMemberRequest { MemberId = member.MemberId });
        await Eventually.TrueAsync(() => WaitingOnLocksAsync(_database), what: "the call to wait on the table lock");

        var sinceSignal = Stopwatch.StartNew();
        await service.SignalTerminateAsync();

        var health = new Health.HealthClient(channel);
        await Eventually.TrueAsync(async () => await StatusAsync(health, "readiness") == ServingStatus.NotServing, what: "readiness to say NOT_SERVING");
        Assert.Equal(ServingStatus.NotServing, await StatusAsync(health, ""));
        Assert.Equal(ServingStatus.Serving, await StatusAsync(health, "liveness"));
        Assert.True(AcceptsConnections(service.GrpcPort) || sinceSignal.Elapsed >= DrainDelay, "the gRPC port stopped accepting within the drain delay");

        await Eventually.TrueAsync(() => Task.FromResult(!AcceptsConnections(service.GrpcPort)), what: "the gRPC port to stop accepting after the drain");
        Assert.True(sinceSignal.Elapsed >= DrainDelay, $"stopped accepting {sinceSignal.Elapsed} after SIGTERM, within the drain delay");
        Assert.False(inFlight.ResponseAsync.IsCompleted, "the call ended before the host stopped accepting");

        await hold.RollbackAsync();
        Assert.Equal(member.MemberId, (await inFlight.ResponseAsync).Member.MemberId);
        Assert.Equal(0, await service.WaitForExitAsync());
        var log = JsonLog.Parse(await service.LogLinesAsync());
        Assert.Single(log.WithEventId(1010));   // the drain announced itself
        Assert.DoesNotContain(log, e => e.GetProperty("LogLevel").GetString() is "Error" or "Critical");
    }

    private static async Task<ServingStatus> StatusAsync(Health.HealthClient health, string service) =>
        (await health.CheckAsync(new HealthCheckRequest { Service = service })).Status;

    private static async Task<bool> WaitingOnLocksAsync(string database)
    {
        await using var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'", connection);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static bool AcceptsConnections(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
