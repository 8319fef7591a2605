using Involvement.Contracts;
using Involvement.Contracts.Recruitment;
using Involvement.Reporting.V1;
using Involvement.TestKit;
using static Involvement.FunctionalTests.Reporting.MetricReads;

namespace Involvement.FunctionalTests.Reporting;

// Each test has its own financial year and care groups; trust-wide positions are asserted only in FY 2012, before
// any other test's members registered.
public sealed class MembershipMetricTests(ReportingFixture fixture) : IClassFixture<ReportingFixture>
{
    [Fact]
    public async Task Positions_at_each_period_end_and_flows_per_level_type_and_care_group()
    {
        const string north = "North-2012", south = "South-2012";
        var northMembers = Enumerable.Range(0, 10).Select(_ => Registered(At(2012, 5, 1), LivedExperienceTypes.ServiceUser, 2, north)).ToList();
        var southMembers = Enumerable.Range(0, 8).Select(_ => Registered(At(2012, 8, 1), LivedExperienceTypes.Carer, 5, south)).ToList();
        foreach (var m in northMembers.Concat(southMembers))
        {
            await PublishAsync(m);
        }

        foreach (var m in northMembers.Take(2))
        {
            await PublishAsync(new MemberLevelChanged(Guid.CreateVersion7(), At(2012, 11, 1), 2, m.MemberId, 4, 2));
        }

        await PublishAsync(new MemberStatusChanged(Guid.CreateVersion7(), At(2013, 2, 1), 3, northMembers[9].MemberId, "left", "applicant"));

        await WaitForAsync(fixture, "membership.members", 2012, 1, ("|", "10"), ($"{north}|", "10"), ($"{south}|", "0"));
        await WaitForAsync(fixture, "membership.members", 2012, 2, ("|", "18"), ($"{north}|", "10"), ($"{south}|", "10"));
        await WaitForAsync(fixture, "membership.members", 2012, 4, ("|", "17"), ($"{north}|", "10"), ($"{south}|", "10"));
        await WaitForAsync(fixture, "membership.members", 2012, 0, ("|", "17"));
        // Levels at the end of Q2 (before the change) and of Q3 (after it); a breakdown of 1-7 rounds the total.
        await WaitForAsync(fixture, "membership.members_by_level", 2012, 2, ("|", "18"), ("|2", "10"), ("|4", "0"), ("|5", "10"));
        await WaitForAsync(fixture, "membership.members_by_level", 2012, 3,
            ("|", "20"), ("|1", "0"), ("|2", "10"), ("|4", "*"), ("|5", "10"), ($"{north}|4", "*"), ($"{south}|5", "10"), ($"{south}|2", "0"));
        await WaitForAsync(fixture, "membership.members_by_type", 2012, 4,
            ("|", "17"), ("|service_user", "10"), ("|carer", "10"), ("|public", "0"), ("|family_member", "0"), ($"{north}|carer", "0"));
        await WaitForAsync(fixture, "membership.new_members", 2012, 0, ("|", "18"), ($"{north}|", "10"), ($"{south}|", "10"));
        await WaitForAsync(fixture, "membership.new_members", 2012, 3, ("|", "0"), ($"{north}|", "0"));
        await WaitForAsync(fixture, "membership.members_left", 2012, 4, ("|", "*"), ($"{north}|", "*"), ($"{south}|", "0"));
        await WaitForAsync(fixture, "membership.members_left", 2012, 3, ("|", "0"));
        await WaitForAsync(fixture, "membership.members_by_scheme", 2012, 4, ("|", "0"), ("|volunteer", "0"), ($"{north}|peer_worker", "0"));

        var levels = await FiguresAsync(fixture, "membership.members_by_level", 2012, 3);
        Assert.All(Enumerable.Range(1, 7), level => Assert.True(levels.ContainsKey($"|{level}"), $"level {level} is listed"));
        Assert.True(levels["|"].Exact is false && levels["|2"].Exact is false);
    }

    [Fact]
    public async Task Members_per_scheme_at_each_period_end_whatever_order_a_membership_starts_and_ends_in()
    {
        const string east = "East-2013";
        var members = Enumerable.Range(0, 9).Select(_ => Registered(At(2013, 4, 10), LivedExperienceTypes.Public, 1, east)).ToList();
        foreach (var m in members)
        {
            await PublishAsync(m);
        }

        var starts = members.Take(8).Select(m => new SchemeMembershipStarted(Guid.CreateVersion7(), At(2013, 4, 15), 1, Guid.CreateVersion7(), m.MemberId, "volunteer", new DateOnly(2013, 4, 15))).ToList();
        // The first membership's end arrives before its start.
        await PublishAsync(new SchemeMembershipEnded(Guid.CreateVersion7(), At(2013, 8, 1), 2, starts[0].MembershipId, starts[0].MemberId, "volunteer", new DateOnly(2013, 8, 1)));
        foreach (var s in starts)
        {
            await PublishAsync(s);
        }

        await PublishAsync(new SchemeMembershipStarted(Guid.CreateVersion7(), At(2013, 5, 1), 1, Guid.CreateVersion7(), members[1].MemberId, "peer_worker", new DateOnly(2013, 5, 1)));

        await WaitForAsync(fixture, "membership.members_by_scheme", 2013, 1,
            ($"{east}|", "10"), ($"{east}|volunteer", "10"), ($"{east}|peer_worker", "*"), ($"{east}|patient_partner", "0"));
        await WaitForAsync(fixture, "membership.members_by_scheme", 2013, 2, ($"{east}|", "*"), ($"{east}|volunteer", "*"), ($"{east}|peer_worker", "*"));
        await WaitForAsync(fixture, "membership.members", 2013, 2, ($"{east}|", "10"));
    }

    [Fact]
    public async Task Shuffled_and_repeated_delivery_gives_the_same_figures()
    {
        const string west = "West-2014", mid = "Mid-2014";
        var members = Enumerable.Range(0, 16).Select(_ => Registered(At(2014, 5, 1), LivedExperienceTypes.ServiceUser, 1, west)).ToList();
        var movers = members.Take(8).ToList();
        var leavers = members.Skip(8).ToList();
        var events = new List<IIntegrationEvent>(members);
        events.AddRange(movers.Select(m => new MemberUpdated(Guid.CreateVersion7(), At(2014, 6, 1), 2, m.MemberId, "Test Member", mid, "Canterbury")));
        events.AddRange(movers.Select(m => new MemberLevelChanged(Guid.CreateVersion7(), At(2014, 9, 1), 3, m.MemberId, 3, 1)));
        events.AddRange(movers.Select(m => new SchemeMembershipStarted(Guid.CreateVersion7(), At(2014, 7, 1), 1, Guid.CreateVersion7(), m.MemberId, "hospital_improver", new DateOnly(2014, 7, 1))));
        events.AddRange(leavers.Select(m => new MemberStatusChanged(Guid.CreateVersion7(), At(2014, 12, 1), 2, m.MemberId, "left", "applicant")));
        var random = new Random(2014);
        var delivery = events.Concat(events).OrderBy(_ => random.Next()).ToList();

        foreach (var e in delivery)
        {
            await PublishAsync(e);
        }

        await WaitForAsync(fixture, "membership.members", 2014, 1, ($"{west}|", "10"), ($"{mid}|", "10"));
        await WaitForAsync(fixture, "membership.members", 2014, 3, ($"{west}|", "0"), ($"{mid}|", "10"));
        await WaitForAsync(fixture, "membership.members_by_level", 2014, 1, ($"{mid}|1", "10"), ($"{mid}|3", "0"), ($"{west}|1", "10"));
        await WaitForAsync(fixture, "membership.members_by_level", 2014, 2, ($"{mid}|1", "0"), ($"{mid}|3", "10"));
        await WaitForAsync(fixture, "membership.new_members", 2014, 1, ("|", "16"), ($"{west}|", "10"), ($"{mid}|", "10"));
        await WaitForAsync(fixture, "membership.members_left", 2014, 3, ("|", "8"), ($"{west}|", "10"), ($"{mid}|", "0"));
        await WaitForAsync(fixture, "membership.members_by_scheme", 2014, 2, ($"{mid}|", "10"), ($"{mid}|hospital_improver", "10"), ($"{west}|hospital_improver", "0"));
        await WaitForAsync(fixture, "membership.members_by_type", 2014, 4, ($"{mid}|service_user", "10"), ($"{west}|service_user", "0"));

        // Every copy was taken, and the figures stand.
        foreach (var queue in new[] { "reporting-member-registered", "reporting-member-updated", "reporting-member-level-changed", "reporting-member-status-changed", "reporting-scheme-membership-started" })
        {
            await Eventually.TrueAsync(async () => await fixture.VirtualHost.QueueDepthAsync(queue) == 0, what: $"{queue} to drain");
            Assert.Equal(0, await fixture.VirtualHost.QueueDepthAsync($"{queue}_error"));
        }

        await WaitForAsync(fixture, "membership.members_left", 2014, 3, ("|", "8"), ($"{west}|", "10"));
        Assert.Equal("16", await ValueAsync(fixture, "membership.new_members", 2014, 1));
    }

    [Fact]
    public async Task Membership_metrics_are_listed_with_their_definitions()
    {
        var list = await new MetricService.MetricServiceClient(fixture.Calls(Involvement.BuildingBlocks.Security.Roles.PpiTeam))
            .ListMetricsAsync(new ListMetricsRequest { Area = "membership" });

        Assert.Equal(
            ["membership.members", "membership.members_by_level", "membership.members_by_type", "membership.members_by_scheme", "membership.new_members", "membership.members_left"],
            list.Metrics.Select(m => m.Code));
        Assert.All(list.Metrics, m => Assert.True(m.ByCareGroup && m.SourceService == "recruitment" && m.SourceEvents.Count > 0));
    }

    private async Task PublishAsync(IIntegrationEvent e)
    {
        switch (e)
        {
            case MemberRegistered r: await fixture.MemberEvents.PublishAsync(r); break;
            case MemberUpdated u: await (await fixture.ProbeAsync<MemberUpdated>()).PublishAsync(u); break;
            case MemberLevelChanged l: await (await fixture.ProbeAsync<MemberLevelChanged>()).PublishAsync(l); break;
            case MemberStatusChanged s: await (await fixture.ProbeAsync<MemberStatusChanged>()).PublishAsync(s); break;
            case SchemeMembershipStarted s: await (await fixture.ProbeAsync<SchemeMembershipStarted>()).PublishAsync(s); break;
            case SchemeMembershipEnded s: await (await fixture.ProbeAsync<SchemeMembershipEnded>()).PublishAsync(s); break;
            default: throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, null);
        }
    }

    private static DateTimeOffset At(int year, int month, int day) => new(year, month, day, 12, 0, 0, TimeSpan.Zero);

    private static MemberRegistered Registered(DateTimeOffset at, string type, int level, string careGroup) =>
        new(Guid.CreateVersion7(), at, 1, Guid.CreateVersion7(), "Test Member", type, level, at, careGroup, "Canterbury");
}

/// <summary>A reporting service that has never heard from recruitment: its metrics say "not deployed".</summary>
public sealed class MembershipNotDeployedTests(ReportingFixture fixture) : IClassFixture<ReportingFixture>
{
    [Fact]
    public async Task Membership_and_diversity_say_not_deployed_before_any_recruitment_event()
    {
        string[] codes =
        [
            "membership.members", "membership.members_by_level", "membership.members_by_type", "membership.members_by_scheme",
            "membership.new_members", "membership.members_left", "diversity.pool", "diversity.involved", "diversity.pool_share",
            "diversity.involved_share", "diversity.population_share", "diversity.pool_response", "diversity.involved_response",
        ];
        var client = new MetricService.MetricServiceClient(fixture.Calls(Involvement.BuildingBlocks.Security.Roles.ReportingConsumer));
        GetMetricsResponse? response = null;
        await Eventually.TrueAsync(async () =>
        {
            response = await client.GetMetricsAsync(new GetMetricsRequest { MetricCodes = { codes } });
            return response.Metrics.All(m => m.Figures.Count > 0);
        }, what: "the first refresh");

        Assert.All(response!.Metrics, m => Assert.Equal(
            [(FigureStatus.NotDeployed, "not deployed")], m.Figures.Select(f => (f.Status, f.Value))));
    }
}
