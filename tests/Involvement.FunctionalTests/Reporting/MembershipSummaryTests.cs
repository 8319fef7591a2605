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
        // A registration published after the repeat is counted only once the repeat, queued before it, was taken.
        await fixture.MemberEvents.PublishAsync(Events.MemberRegistered());
        await WaitForTotalAsync(before.TotalMembers + 2);
        await Eventually.TrueAsync(async () => await fixture.VirtualHost.QueueDepthAsync("reporting-member-registered") == 0);

        Assert.Equal(before.TotalMembers + 2, (await fixture.SummaryAsync()).TotalMembers);
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
    public async Task Changes_that_overtake_the_registration_wait_on_a_placeholder_and_any_order_ends_the_same()
    {
        var levels = await fixture.ProbeAsync<MemberLevelChanged>();
        var statuses = await fixture.ProbeAsync<MemberStatusChanged>();
        var before = await fixture.SummaryAsync();
        var first = Events.MemberRegistered(type: LivedExperienceTypes.Carer, level: 1);
        var second = Events.MemberRegistered(type: LivedExperienceTypes.Carer, level: 1);

        // First member: level (v2) and status (v3) arrive before the registration (v1).
        await levels.PublishAsync(new MemberLevelChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 2, first.MemberId, 7, 1));
        await statuses.PublishAsync(new MemberStatusChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 3, first.MemberId, "active", "applicant"));
        await Eventually.TrueAsync(async () => await RowAsync(first.MemberId) is { Level: 7, Status: "active" }, what: "a placeholder holding both changes");
        Assert.Equal(before.TotalMembers, (await fixture.SummaryAsync()).TotalMembers);   // a placeholder is not a member yet

        // Second member: the same facts in order.
        await fixture.MemberEvents.PublishAsync(second);
        await WaitForTotalAsync(before.TotalMembers + 1);
        await levels.PublishAsync(new MemberLevelChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 2, second.MemberId, 7, 1));
        await statuses.PublishAsync(new MemberStatusChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 3, second.MemberId, "active", "applicant"));

        await fixture.MemberEvents.PublishAsync(first);
        await WaitForTotalAsync(before.TotalMembers + 2);
        await Eventually.TrueAsync(async () => await RowAsync(second.MemberId) is { Level: 7, Status: "active" }, what: "the second member's changes");
        var expected = new MemberRow { Type = LivedExperienceTypes.Carer, Level = 7, Status = "active", Registered = true };
        Assert.Equal(expected, await RowAsync(first.MemberId));
        Assert.Equal(expected, await RowAsync(second.MemberId));
        Assert.Equal(0, await fixture.VirtualHost.QueueDepthAsync("reporting-member-level-changed_error"));
    }

    [Fact]
    public async Task An_event_outside_its_contract_goes_to_the_error_queue_with_the_reason_and_is_not_counted()
    {
        var before = await fixture.SummaryAsync();
        var martian = Events.MemberRegistered(type: "martian", level: 99);

        await fixture.MemberEvents.PublishAsync(martian);

        await Eventually.TrueAsync(async () => await fixture.VirtualHost.QueueDepthAsync("reporting-member-registered_error") >= 1,
            what: "the invalid event in the _error queue");
        var headers = await fixture.VirtualHost.PeekHeadersAsync("reporting-member-registered_error");
        Assert.NotNull(headers);
        Assert.Contains("livedExperienceType 'martian'", headers["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Contains("involvementLevel 99", headers["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Null(await RowAsync(martian.MemberId));
        Assert.Equal(before.TotalMembers, (await fixture.SummaryAsync()).TotalMembers);
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

    private async Task<MemberRow?> RowAsync(Guid memberId)
    {
        await using var db = fixture.OpenDatabase();
        return await Dapper.SqlMapper.QuerySingleOrDefaultAsync<MemberRow>(db,
            "select lived_experience_type as type, involvement_level as level, status, registered_at is not null as registered from members where member_id = @memberId",
            new { memberId });
    }

    private sealed record MemberRow
    {
        public string? Type { get; init; }

        public int? Level { get; init; }

        public string? Status { get; init; }

        public bool Registered { get; init; }
    }

    private static string TypeCount(GetMembershipSummaryResponse summary, string type) =>
        summary.ByType.Single(t => t.LivedExperienceType == type).Members.Value;

    private static string LevelCount(GetMembershipSummaryResponse summary, int level) =>
        summary.ByLevel.Single(l => l.InvolvementLevel == level).Members.Value;
}
