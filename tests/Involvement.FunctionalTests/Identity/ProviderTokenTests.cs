using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.FunctionalTests.Recruitment;
using Involvement.Recruitment.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Identity;

/// <summary>A service pointed at the trust's provider (Entra ID's shape): its tokens, their roles and key rotation.</summary>
[Collection(ProviderCollection.Name)]
public sealed class ProviderTokenTests(ProviderFixture fixture)
{
    private string Token(string role, string? audience = null, string subject = "provider-user") =>
        fixture.Provider.Mint(subject, [role], audience ?? TestIdentityProvider.DefaultAudience);

    [Fact]
    public async Task Rs256_and_es256_tokens_carry_their_roles_from_the_roles_claim()
    {
        await fixture.KeyAcceptedAsync();
        await fixture.Members(Token(Roles.PpiTeam)).ListMembersAsync(new ListMembersRequest());
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Members(Token(Roles.Finance)).ListMembersAsync(new ListMembersRequest()).ResponseAsync);

        fixture.Provider.RotateKey("ES256");
        await fixture.KeyAcceptedAsync();
        await fixture.Members(Token(Roles.PpiTeam)).ListMembersAsync(new ListMembersRequest());
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Members(Token(Roles.Finance)).ListMembersAsync(new ListMembersRequest()).ResponseAsync);
    }

    [Fact]
    public async Task Either_configured_audience_is_accepted()
    {
        await fixture.KeyAcceptedAsync();
        await fixture.Members(Token(Roles.PpiTeam, "api://involvement")).ListMembersAsync(new ListMembersRequest());
        await fixture.Members(Token(Roles.PpiTeam, TestIdentityProvider.DefaultAudience)).ListMembersAsync(new ListMembersRequest());
    }

    [Fact]
    public async Task Roles_that_are_not_involvements_give_no_access()
    {
        await fixture.KeyAcceptedAsync();
        var token = fixture.Provider.Mint("provider-user", ["offline_access", "PPI-TEAM", "admin"], TestIdentityProvider.DefaultAudience);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Members(token).ListMembersAsync(new ListMembersRequest()).ResponseAsync);
    }

    [Fact]
    public async Task A_member_whose_subject_is_their_member_id_reads_only_their_own_record()
    {
        await fixture.KeyAcceptedAsync();
        var staff = fixture.Members(Token(Roles.PpiTeam));
        var mine = (await staff.RegisterMemberAsync(RecruitmentFixture.ValidRequest())).Member;
        var theirs = (await staff.RegisterMemberAsync(RecruitmentFixture.ValidRequest())).Member;
        var asMember = fixture.Members(Token(Roles.Member, subject: mine.MemberId));

        Assert.Equal(mine.MemberId, (await asMember.GetMemberAsync(new GetMemberRequest { MemberId = mine.MemberId })).Member.MemberId);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => asMember.GetMemberAsync(new GetMemberRequest { MemberId = theirs.MemberId }).ResponseAsync);
    }

    [Fact]
    public async Task Development_tokens_still_work_beside_the_provider()
    {
        await fixture.DevMembers(Roles.PpiTeam).ListMembersAsync(new ListMembersRequest());
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.DevMembers(Roles.Finance).ListMembersAsync(new ListMembersRequest()).ResponseAsync);
    }

    [Fact]
    public async Task A_new_key_id_is_picked_up_without_a_restart_and_old_keys_still_verify()
    {
        await fixture.KeyAcceptedAsync();
        var underOldKey = Token(Roles.PpiTeam);

        // Twice: the first refresh of a key set is always allowed; the second shows KeyRefreshInterval bounds, not blocks, it.
        foreach (var algorithm in new[] { "RS256", "ES256" })
        {
            var kid = fixture.Provider.RotateKey(algorithm);
            Assert.Equal(kid, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(Token(Roles.PpiTeam)).Kid);
            await fixture.KeyAcceptedAsync();
        }

        await fixture.Members(underOldKey).ListMembersAsync(new ListMembersRequest());
    }
}
