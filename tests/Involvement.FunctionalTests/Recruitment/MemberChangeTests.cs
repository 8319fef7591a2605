using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

/// <summary>Updating details, moving status and level: versions, rules, roles and the events each change publishes.</summary>
public sealed class MemberChangeTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private async Task<Member> NewMemberAsync() => (await fixture.Client().RegisterMemberAsync(RecruitmentFixture.ValidRequest())).Member;

    [Fact]
    public async Task Updating_details_replaces_them_bumps_the_version_and_publishes_MemberUpdated_once()
    {
        var updates = await fixture.ProbeAsync<MemberUpdated>();
        var member = await NewMemberAsync();
        var details = member.Details.Clone();
        details.Locality = "Dover";
        details.Interests.Clear();
        details.Interests.Add("digital");

        var updated = (await fixture.Client().UpdateMemberDetailsAsync(new UpdateMemberDetailsRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, PreferredName = "Mara", Details = details,
        })).Member;

        Assert.Equal(member.Version + 1, updated.Version);
        Assert.Equal("Mara", updated.DisplayName);
        Assert.Equal("Dover", updated.Details.Locality);
        Assert.Equal(["digital"], updated.Details.Interests);
        var published = await updates.WaitForAsync(e => e.MemberId.ToString() == member.MemberId);
        Assert.Equal(("Mara", "Dover", updated.Version), (published.DisplayName, published.Locality, published.AggregateVersion));
        await fixture.SettledAsync();
        Assert.Single(updates.Received, e => e.MemberId.ToString() == member.MemberId);
    }

    [Fact]
    public async Task A_stale_version_is_aborted_and_changes_nothing()
    {
        var member = await NewMemberAsync();
        await fixture.Client().ChangeMemberStatusAsync(new ChangeMemberStatusRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, Status = MemberStatus.Active,
        });

        var ex = await RpcAssert.FailsWith(StatusCode.Aborted, () => fixture.Client().UpdateMemberDetailsAsync(new UpdateMemberDetailsRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, PreferredName = "Too Late", Details = member.Details,
        }).ResponseAsync);

        Assert.Contains("Read it again", ex.Status.Detail, StringComparison.Ordinal);
        var current = (await fixture.Client().GetMemberAsync(new GetMemberRequest { MemberId = member.MemberId })).Member;
        Assert.Equal(member.DisplayName, current.DisplayName);
        Assert.Equal(member.Version + 1, current.Version);
    }

    [Fact]
    public async Task An_update_with_invalid_details_names_each_field()
    {
        var member = await NewMemberAsync();
        var details = member.Details.Clone();
        details.Contact.Email = "nope";
        details.CareGroup = new string('c', 101);

        await RpcAssert.InvalidFields(() => fixture.Client().UpdateMemberDetailsAsync(new UpdateMemberDetailsRequest
        {
            MemberId = member.MemberId, ExpectedVersion = 0, Details = details,
        }).ResponseAsync, "expected_version", "details.contact.email", "details.care_group");
    }

    [Fact]
    public async Task Updating_an_unknown_member_is_not_found()
    {
        await RpcAssert.FailsWith(StatusCode.NotFound, () => fixture.Client().UpdateMemberDetailsAsync(new UpdateMemberDetailsRequest
        {
            MemberId = Guid.NewGuid().ToString(), ExpectedVersion = 1, Details = new MemberDetails(),
        }).ResponseAsync);
    }

    [Fact]
    public async Task A_member_may_update_their_own_details_but_not_anothers()
    {
        var mine = await NewMemberAsync();
        var theirs = await NewMemberAsync();
        var asMember = fixture.Client(Roles.Member, subject: mine.MemberId);

        var updated = (await asMember.UpdateMemberDetailsAsync(new UpdateMemberDetailsRequest
        {
            MemberId = mine.MemberId, ExpectedVersion = mine.Version, Details = mine.Details,
        })).Member;
        Assert.Equal(mine.Version + 1, updated.Version);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => asMember.UpdateMemberDetailsAsync(new UpdateMemberDetailsRequest
        {
            MemberId = theirs.MemberId, ExpectedVersion = theirs.Version, Details = theirs.Details,
        }).ResponseAsync);
    }

    [Fact]
    public async Task Status_moves_along_the_lifecycle_with_dated_reasons_and_one_event_per_change()
    {
        var changes = await fixture.ProbeAsync<MemberStatusChanged>();
        var member = await NewMemberAsync();

        member = await MoveAsync(member, MemberStatus.Active, "");
        member = await MoveAsync(member, MemberStatus.Paused, "Caring responsibilities this winter");
        member = await MoveAsync(member, MemberStatus.Active, "Back from a break");
        member = await MoveAsync(member, MemberStatus.Left, "Moved away");

        Assert.Equal(
            [MemberStatus.Applicant, MemberStatus.Active, MemberStatus.Paused, MemberStatus.Active, MemberStatus.Left],
            member.StatusHistory.Select(h => h.Status));
        Assert.Equal("Caring responsibilities this winter", member.StatusHistory[2].Reason);
        Assert.All(member.StatusHistory, h => Assert.Equal("test-user", h.ChangedBy));
        await changes.WaitForAsync(e => e.MemberId.ToString() == member.MemberId && e.Status == "left");
        await fixture.SettledAsync();
        var events = changes.Received.Where(e => e.MemberId.ToString() == member.MemberId).OrderBy(e => e.AggregateVersion).ToList();
        Assert.Equal(["active", "paused", "active", "left"], events.Select(e => e.Status));
        Assert.Equal(["applicant", "active", "paused", "active"], events.Select(e => e.PreviousStatus));
    }

    [Theory]
    [InlineData(MemberStatus.Paused)]     // an applicant is approved first
    [InlineData(MemberStatus.Applicant)]
    public async Task Moves_the_lifecycle_does_not_allow_fail_their_precondition(MemberStatus to)
    {
        var member = await NewMemberAsync();

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => fixture.Client().ChangeMemberStatusAsync(new ChangeMemberStatusRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, Status = to, Reason = "because",
        }).ResponseAsync);

        Assert.Contains("applicant", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pausing_or_leaving_needs_a_reason()
    {
        var member = await NewMemberAsync();

        await RpcAssert.InvalidFields(() => fixture.Client().ChangeMemberStatusAsync(new ChangeMemberStatusRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, Status = MemberStatus.Left,
        }).ResponseAsync, "reason");
    }

    [Fact]
    public async Task A_member_may_pause_themselves_but_not_approve_themselves()
    {
        var member = await NewMemberAsync();
        var asMember = fixture.Client(Roles.Member, subject: member.MemberId);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => asMember.ChangeMemberStatusAsync(new ChangeMemberStatusRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, Status = MemberStatus.Active,
        }).ResponseAsync);

        member = await MoveAsync(member, MemberStatus.Active, "");
        var paused = (await asMember.ChangeMemberStatusAsync(new ChangeMemberStatusRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, Status = MemberStatus.Paused, Reason = "Need a break",
        })).Member;
        Assert.Equal(MemberStatus.Paused, paused.Status);
        Assert.Equal(member.MemberId, paused.StatusHistory[^1].ChangedBy);
    }

    [Fact]
    public async Task Level_changes_are_kept_with_their_reasons_and_published()
    {
        var changes = await fixture.ProbeAsync<MemberLevelChanged>();
        var member = await NewMemberAsync();

        var moved = (await fixture.Client().ChangeInvolvementLevelAsync(new ChangeInvolvementLevelRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, Level = InvolvementLevel.CoProduction, Reason = "Co-chairs the crisis care work stream",
        })).Member;

        Assert.Equal(InvolvementLevel.CoProduction, moved.InvolvementLevel);
        Assert.Equal([InvolvementLevel.InformedDecisions, InvolvementLevel.CoProduction], moved.LevelHistory.Select(h => h.Level));
        Assert.Equal("Co-chairs the crisis care work stream", moved.LevelHistory[1].Reason);
        var published = await changes.WaitForAsync(e => e.MemberId.ToString() == member.MemberId);
        Assert.Equal((5, 3, moved.Version), (published.InvolvementLevel, published.PreviousLevel, published.AggregateVersion));
    }

    [Fact]
    public async Task A_level_change_needs_a_known_level_and_a_reason_and_the_ppi_team()
    {
        var member = await NewMemberAsync();

        await RpcAssert.InvalidFields(() => fixture.Client().ChangeInvolvementLevelAsync(new ChangeInvolvementLevelRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, Level = (InvolvementLevel)8,
        }).ResponseAsync, "level", "reason");
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => fixture.Client().ChangeInvolvementLevelAsync(new ChangeInvolvementLevelRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, Level = member.InvolvementLevel, Reason = "no change",
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Client(Roles.Member, member.MemberId).ChangeInvolvementLevelAsync(
            new ChangeInvolvementLevelRequest { MemberId = member.MemberId, ExpectedVersion = member.Version, Level = InvolvementLevel.PatientDirector, Reason = "me" })
            .ResponseAsync);
    }

    private async Task<Member> MoveAsync(Member member, MemberStatus to, string reason) =>
        (await fixture.Client().ChangeMemberStatusAsync(new ChangeMemberStatusRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, Status = to, Reason = reason,
        })).Member;
}
