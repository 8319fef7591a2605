using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class GetMemberTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    [Theory]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("'; drop table members; --")]
    public async Task A_malformed_id_is_an_invalid_argument(string memberId)
    {
        await RpcAssert.InvalidFields(() => fixture.Client().GetMemberAsync(new GetMemberRequest { MemberId = memberId }).ResponseAsync, "member_id");
    }

    [Fact]
    public async Task An_unknown_member_is_not_found()
    {
        var ex = await RpcAssert.FailsWith(StatusCode.NotFound,
            () => fixture.Client().GetMemberAsync(new GetMemberRequest { MemberId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Contains("No member", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_may_read_their_own_record_but_no_one_elses()
    {
        var mine = (await fixture.Client().RegisterMemberAsync(RecruitmentFixture.ValidRequest())).Member;
        var theirs = (await fixture.Client().RegisterMemberAsync(RecruitmentFixture.ValidRequest())).Member;
        var asMember = fixture.Client(Roles.Member, subject: mine.MemberId);

        Assert.Equal(mine, (await asMember.GetMemberAsync(new GetMemberRequest { MemberId = mine.MemberId })).Member);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => asMember.GetMemberAsync(new GetMemberRequest { MemberId = theirs.MemberId }).ResponseAsync);
    }

    [Theory]
    [InlineData(Roles.ReportingConsumer)]
    [InlineData(Roles.Trainer)]
    public async Task Roles_without_need_may_not_read_personal_data(string role)
    {
        var member = (await fixture.Client().RegisterMemberAsync(RecruitmentFixture.ValidRequest())).Member;

        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => fixture.Client(role).GetMemberAsync(new GetMemberRequest { MemberId = member.MemberId }).ResponseAsync);
    }

    [Fact]
    public async Task Without_a_token_the_call_is_unauthenticated()
    {
        await RpcAssert.FailsWith(StatusCode.Unauthenticated,
            () => fixture.Client(role: null).GetMemberAsync(new GetMemberRequest { MemberId = Guid.NewGuid().ToString() }).ResponseAsync);
    }
}
