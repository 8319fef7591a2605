using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.FunctionalTests.Recruitment;
using Involvement.Recruitment.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Identity;

/// <summary>A service configured for Keycloak: realm roles at <c>realm_access.roles</c>, the member id in its own claim.</summary>
public sealed class KeycloakTests(KeycloakFixture fixture) : IClassFixture<KeycloakFixture>
{
    private string Token(string[] roles, string subject = "3f1c9a52-keycloak-user", string? memberId = null) =>
        fixture.Provider.Mint(subject, roles, TestIdentityProvider.DefaultAudience, memberId: memberId);

    [Fact]
    public async Task Realm_roles_are_mapped_for_rs256_and_es256_tokens_and_keycloaks_own_roles_ignored()
    {
        string[] roles = ["offline_access", "uma_authorization", "default-roles-test", Roles.PpiTeam];
        foreach (var algorithm in new[] { "RS256", "ES256" })
        {
            fixture.Provider.RotateKey(algorithm);
            await fixture.KeyAcceptedAsync();

            await fixture.Members(Token(roles)).ListMembersAsync(new ListMembersRequest());
            await RpcAssert.FailsWith(StatusCode.PermissionDenied,
                () => fixture.Members(Token(["offline_access", Roles.Trainer])).ListMembersAsync(new ListMembersRequest()).ResponseAsync);
        }
    }

    [Fact]
    public async Task A_member_is_known_by_the_member_id_claim_and_reads_only_their_own_record()
    {
        await fixture.KeyAcceptedAsync();
        var staff = fixture.Members(Token([Roles.PpiTeam]));
        var mine = (await staff.RegisterMemberAsync(RecruitmentFixture.ValidRequest())).Member;
        var theirs = (await staff.RegisterMemberAsync(RecruitmentFixture.ValidRequest())).Member;
        var asMember = fixture.Members(Token([Roles.Member], memberId: mine.MemberId));

        Assert.Equal(mine.MemberId, (await asMember.GetMemberAsync(new GetMemberRequest { MemberId = mine.MemberId })).Member.MemberId);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => asMember.GetMemberAsync(new GetMemberRequest { MemberId = theirs.MemberId }).ResponseAsync);

        // Here the subject is Keycloak's user id, not a member id: a subject that happens to equal one grants nothing.
        var bySubject = fixture.Members(Token([Roles.Member], subject: mine.MemberId));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => bySubject.GetMemberAsync(new GetMemberRequest { MemberId = mine.MemberId }).ResponseAsync);
    }

    [Fact]
    public async Task Without_a_signing_key_development_tokens_are_refused()
    {
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => fixture.DevMembers(Roles.PpiTeam).ListMembersAsync(new ListMembersRequest()).ResponseAsync);
    }
}
