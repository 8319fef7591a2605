using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Reporting.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Reporting;

// Tests in one class run one at a time, so each reads the totals before and after its own events.
public sealed class MembershipSummaryTests(ReportingFixture fixture) : IClassFixture<ReportingFixture>
{
    [Fact]
    public async Task Counts_members_by_type_and_level_with_disclosure_control()
    {
        // Family members at levels 6 and 7 are this test's own; no test uses level 2.
        var before = await fixture.SummaryAsync();
        foreach (var _ in Enumerable.Range(0, 8))
        {
            await fixture.MemberEvents.PublishAsync(Events.MemberRegistered(type: LivedExperienceTypes.FamilyMember, level: 6));
        }

        await fixture.MemberEvents.PublishAsync(Events.MemberRegistered(type: LivedExperienceTypes.FamilyMember, level: 7));

        var after = await WaitForTotalAsync(before.TotalMembers + 9);
        Assert.Equal("10", TypeCount(after, LivedExperienceTypes.FamilyMember));   // 9 rounds to 10
        Assert.Equal("10", LevelCount(after, 6));                                  // 8 rounds to 10
        Assert.Equal("*", LevelCount(after, 7));                                   // 1 is suppressed
        Assert.Equal("0", LevelCount(after, 2));                                   // nobody: 0 stays 0
        Assert.Equal(LivedExperienceTypes.All, after.ByType.Select(t => t.LivedExperienceType));
        Assert.Equal(Enumerable.Range(1, 7), after.ByLevel.Select(l => l.InvolvementLevel));
        Assert.Equal("Patient Director", after.ByLevel[6].LevelName);
    }

    [Fact]
    public async Task A_repeated_event_does_not_count_the_member_twice()
    {
        var before = await fixture.SummaryAsync();
        var registered = Events.MemberRegistered();

        await fixture.MemberEvents.PublishAsync(registered);
        await WaitForTotalAsync(before.TotalMembers + 1);
        await fixture.MemberEvents.PublishAsync(registered);
        await Eventually.TrueAsync(async () => await fixture.VirtualHost.QueueDepthAsync("reporting-member-registered") == 0);
        await Task.Delay(500);

        Assert.Equal(before.TotalMembers + 1, (await fixture.SummaryAsync()).TotalMembers);
    }

    [Fact]
    public async Task Level_changes_move_members_and_those_who_leave_are_no_longer_counted()
    {
        // Public members at level 5 are this test's own.
        var levels = await fixture.ProbeAsync<MemberLevelChanged>();
        var statuses = await fixture.ProbeAsync<MemberStatusChanged>();
        var before = await fixture.SummaryAsync();
        var members = Enumerable.Range(0, 10).Select(_ => Events.MemberRegistered(type: LivedExperienceTypes.Public, level: 4)).ToList();
        foreach (var m in members)
        {
            await fixture.MemberEvents.PublishAsync(m);
        }

        await WaitForTotalAsync(before.TotalMembers + 10);
        foreach (var m in members)
        {
            await levels.PublishAsync(new MemberLevelChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 2, m.MemberId, 5, 4));
        }

        await Eventually.TrueAsync(async () => LevelCount(await fixture.SummaryAsync(), 5) == "10", what: "ten members at level 5");
        foreach (var m in members.Take(3))
        {
            await statuses.PublishAsync(new MemberStatusChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 3, m.MemberId, "left", "active"));
        }

        var after = await WaitForTotalAsync(before.TotalMembers + 7);
        Assert.Equal("*", LevelCount(after, 5));     // seven remain: suppressed
        Assert.Equal("*", TypeCount(after, LivedExperienceTypes.Public));
    }

    [Fact]
    public async Task A_change_that_overtakes_the_registration_is_applied_once_it_arrives()
    {
        var levels = await fixture.ProbeAsync<MemberLevelChanged>();
        var registered = Events.MemberRegistered(type: LivedExperienceTypes.Carer, level: 1);
        var before = await fixture.SummaryAsync();

        await levels.PublishAsync(new MemberLevelChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 2, registered.MemberId, 7, 1));
        await Task.Delay(300);   // the change is refused for now and retried
        await fixture.MemberEvents.PublishAsync(registered);

        await WaitForTotalAsync(before.TotalMembers + 1);
        await using var db = fixture.OpenDatabase();
        await Eventually.TrueAsync(async () => await Dapper.SqlMapper.ExecuteScalarAsync<int>(db,
            "select involvement_level from members where member_id = @MemberId", new { registered.MemberId }) == 7, what: "level 7 in the read model");
    }

    [Fact]
    public async Task The_ppi_team_may_read_the_summary_but_a_member_may_not()
    {
        await fixture.Client(Roles.PpiTeam).GetMembershipSummaryAsync(new GetMembershipSummaryRequest());
        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => fixture.Client(Roles.Member).GetMembershipSummaryAsync(new GetMembershipSummaryRequest()).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated,
            () => fixture.Client(role: null).GetMembershipSummaryAsync(new GetMembershipSummaryRequest()).ResponseAsync);
    }

    private async Task<GetMembershipSummaryResponse> WaitForTotalAsync(long total)
    {
        GetMembershipSummaryResponse? summary = null;
        await Eventually.TrueAsync(async () => (summary = await fixture.SummaryAsync()).TotalMembers == total, what: $"{total} members");
        return summary!;
    }

    private static string TypeCount(GetMembershipSummaryResponse summary, string type) =>
        summary.ByType.Single(t => t.LivedExperienceType == type).Members.Value;

    private static string LevelCount(GetMembershipSummaryResponse summary, int level) =>
        summary.ByLevel.Single(l => l.InvolvementLevel == level).Members.Value;
}
