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
        // Family members at levels 6 and 7 are this test's own; other tests register service users at level 1.
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
        Assert.Equal("0", TypeCount(after, LivedExperienceTypes.Public));          // nobody: 0 stays 0
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
        await Eventually.TrueAsync(async () => (await fixture.SummaryAsync()).TotalMembers >= total, what: $"{total} members");
        var summary = await fixture.SummaryAsync();
        Assert.Equal(total, summary.TotalMembers);
        return summary;
    }

    private static string TypeCount(GetMembershipSummaryResponse summary, string type) =>
        summary.ByType.Single(t => t.LivedExperienceType == type).Members.Value;

    private static string LevelCount(GetMembershipSummaryResponse summary, int level) =>
        summary.ByLevel.Single(l => l.InvolvementLevel == level).Members.Value;
}
