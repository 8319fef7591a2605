using Grpc.Core;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;
using Involvement.Recruitment.V1;
using Involvement.TestKit;

namespace Involvement.EndToEndTests;

/// <summary>Nothing is lost and nothing happens twice, across real processes, a broker outage and crashes.</summary>
[Collection(SystemCollection.Name)]
public sealed class DeliveryTests(SystemFixture system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_registered_member_reaches_payments_training_and_reporting_exactly_once_even_when_delivered_twice()
    {
        var before = await system.ReportedMembersAsync();

        var member = await system.RegisterAsync("Once");

        Assert.Equal(member.DisplayName, (await Eventually.ValueAsync(() => system.PayeeAsync(member.MemberId))).DisplayName);
        Assert.Equal(member.DisplayName, (await Eventually.ValueAsync(() => system.LearnerAsync(member.MemberId))).Name);
        await Eventually.TrueAsync(async () => await system.ReportedMembersAsync() == before + 1, what: "reporting to count the member");

        // The broker delivers the same event again, as it may after a lost acknowledgement.
        var published = await system.Events.WaitForAsync(e => e.MemberId.ToString() == member.MemberId);
        await system.Events.PublishAsync(published);
        // A member registered after the repeat reaches reporting only once the repeat, queued before it, was taken.
        var after = await system.RegisterAsync("AfterTheRepeat");
        await Eventually.TrueAsync(async () => await system.ReportedMembersAsync() == before + 2, what: "reporting to count the next member");
        await system.QueuesDrainedAsync();

        Assert.Equal(before + 2, await system.ReportedMembersAsync());
        Assert.Equal(after.DisplayName, (await Eventually.ValueAsync(() => system.PayeeAsync(after.MemberId))).DisplayName);
        Assert.Equal(1, (await system.PayeeAsync(member.MemberId)).MemberVersion);
    }

    [Fact]
    public async Task A_member_registered_while_the_broker_is_unreachable_is_delivered_when_it_returns()
    {
        system.RecruitmentBroker.Stop();
        Member member;
        try
        {
            member = await system.RegisterAsync("DuringOutage");   // the call itself succeeds: the event waits in the outbox
            await Eventually.TrueAsync(async () => await SystemFixture.HealthAsync(system.Recruitment, "readiness") == ServingStatus.NotServing,
                what: "recruitment to report not ready while the broker is away");
            Assert.Equal(ServingStatus.Serving, await SystemFixture.HealthAsync(system.Recruitment, "liveness"));
            await Assert.ThrowsAsync<RpcException>(() => system.PayeeAsync(member.MemberId));
        }
        finally
        {
            system.RecruitmentBroker.Start();
        }

        var payee = await Eventually.ValueAsync(() => system.PayeeAsync(member.MemberId), Patience, "the event after the broker returned");
        await Eventually.TrueAsync(async () => await SystemFixture.HealthAsync(system.Recruitment, "readiness") == ServingStatus.Serving, Patience);
        Assert.Equal(member.DisplayName, payee.DisplayName);
        await Eventually.ValueAsync(() => system.LearnerAsync(member.MemberId), Patience);
    }

    [Fact]
    public async Task A_consumer_that_was_down_catches_up_on_everything_it_missed()
    {
        await system.Payments.KillAsync();
        var members = new List<Member>();
        for (var i = 0; i < 5; i++)
        {
            members.Add(await system.RegisterAsync($"WhilePaymentsDown{i}"));
        }

        await system.Payments.StartAsync();

        foreach (var member in members)
        {
            await Eventually.ValueAsync(() => system.PayeeAsync(member.MemberId), Patience, $"payee {member.MemberId}");
        }
    }

    [Fact]
    public async Task Recruitment_killed_right_after_committing_loses_no_event_and_duplicates_none()
    {
        var before = await system.ReportedMembersAsync();
        var members = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => system.RegisterAsync($"BeforeCrash{i}")));

        await system.Recruitment.RestartAsync();   // killed without warning, then started again

        await Eventually.TrueAsync(async () => await system.ReportedMembersAsync() == before + 20, Patience, "all 20 members in reporting");
        foreach (var member in members)
        {
            await Eventually.ValueAsync(() => system.PayeeAsync(member.MemberId), Patience);
        }

        await system.QueuesDrainedAsync();
        Assert.Equal(before + 20, await system.ReportedMembersAsync());
    }

    [Fact]
    public async Task The_services_make_no_outbound_web_calls()
    {
        // Give start-up reporting (such as MassTransit's usage telemetry, switched off) time to have happened.
        var settled = system.StartedAt + TimeSpan.FromSeconds(20) - DateTime.UtcNow;
        if (settled > TimeSpan.Zero)
        {
            await Task.Delay(settled);
        }

        var member = await system.RegisterAsync("NoPhoningHome");
        // Every service has done its work on the registration (each consumed the event) before the trap is read.
        await Eventually.ValueAsync(() => system.PayeeAsync(member.MemberId));
        await Eventually.ValueAsync(() => system.LearnerAsync(member.MemberId));
        await system.QueuesDrainedAsync();
        Assert.Equal(0, system.OutboundTrap.Connections);

        // The trap does catch a call made through it, so the zero above means something.
        using var http = new HttpClient(new HttpClientHandler { Proxy = new System.Net.WebProxy(system.OutboundTrap.Address), UseProxy = true })
        {
            Timeout = TimeSpan.FromSeconds(2),
        };
        await Assert.ThrowsAnyAsync<Exception>(() => http.GetAsync(new Uri("http://telemetry.example.invalid/")));
        Assert.True(system.OutboundTrap.Connections > 0, "the trap saw no connection from a client told to use it");
    }
}
