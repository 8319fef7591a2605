using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class ListMembersTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    /// <summary>Registers members in a locality of this test's own, so filters by it see only them.</summary>
    private async Task<(string Locality, List<Member> Members)> RegisterInNewLocalityAsync(int count, Action<RegisterMemberRequest>? shape = null)
    {
        var locality = "Locality " + Guid.NewGuid().ToString("N")[..8];
        var members = new List<Member>();
        for (var i = 0; i < count; i++)
        {
            var request = RecruitmentFixture.ValidRequest();
            request.Details.Locality = locality;
            shape?.Invoke(request);
            members.Add((await fixture.Client().RegisterMemberAsync(request)).Member);
        }

        return (locality, members);
    }

    [Fact]
    public async Task Pages_through_every_match_once_in_registration_order()
    {
        var (locality, members) = await RegisterInNewLocalityAsync(5);

        var seen = new List<Member>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await fixture.Client().ListMembersAsync(new ListMembersRequest { Locality = locality.ToUpperInvariant(), PageSize = 2, PageToken = token });
            seen.AddRange(page.Members);
            token = page.NextPageToken;
            pages++;
        }
        while (token != "");

        Assert.Equal(3, pages);
        Assert.Equal(members.Select(m => m.MemberId), seen.Select(m => m.MemberId));
        Assert.All(seen, m => Assert.Empty(m.StatusHistory));
        Assert.Equal(members[0].Details, seen[0].Details);
    }

    [Fact]
    public async Task Every_filter_given_must_match()
    {
        var (locality, members) = await RegisterInNewLocalityAsync(3, r => r.Details.Interests.Add("peer support"));
        var carer = RecruitmentFixture.ValidRequest();
        carer.Details.Locality = locality;
        carer.LivedExperienceType = LivedExperienceType.Carer;
        await fixture.Client().RegisterMemberAsync(carer);
        await fixture.Client().ChangeMemberStatusAsync(new ChangeMemberStatusRequest
        {
            MemberId = members[0].MemberId, ExpectedVersion = members[0].Version, Status = MemberStatus.Active,
        });

        async Task<int> CountAsync(ListMembersRequest request)
        {
            request.Locality = locality;
            return (await fixture.Client().ListMembersAsync(request)).Members.Count;
        }

        Assert.Equal(4, await CountAsync(new ListMembersRequest()));
        Assert.Equal(3, await CountAsync(new ListMembersRequest { Interest = "Peer Support" }));
        Assert.Equal(1, await CountAsync(new ListMembersRequest { LivedExperienceType = LivedExperienceType.Carer }));
        Assert.Equal(1, await CountAsync(new ListMembersRequest { Status = MemberStatus.Active, Interest = "peer support" }));
        Assert.Equal(0, await CountAsync(new ListMembersRequest { Status = MemberStatus.Active, LivedExperienceType = LivedExperienceType.Carer }));
        Assert.Equal(3, await CountAsync(new ListMembersRequest { InvolvementLevel = InvolvementLevel.InformedDecisions, LivedExperienceType = LivedExperienceType.ServiceUser }));
    }

    [Fact]
    public async Task Bad_paging_and_unknown_filters_are_invalid_arguments()
    {
        await RpcAssert.InvalidFields(() => fixture.Client().ListMembersAsync(new ListMembersRequest { PageToken = "garbage!" }).ResponseAsync, "page_token");
        await RpcAssert.InvalidFields(() => fixture.Client().ListMembersAsync(new ListMembersRequest { PageSize = 500 }).ResponseAsync, "page_size");
        await RpcAssert.InvalidFields(() => fixture.Client().ListMembersAsync(new ListMembersRequest { Status = (MemberStatus)42 }).ResponseAsync, "status");
    }

    [Theory]
    [InlineData(Roles.Member)]
    [InlineData(Roles.ReportingConsumer)]
    public async Task Only_the_ppi_team_may_list_members(string role)
    {
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Client(role).ListMembersAsync(new ListMembersRequest()).ResponseAsync);
    }
}
