using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.FunctionalTests.Payments.Claims;
using Involvement.Payments.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Identity;

/// <summary>
/// Payments' claims under a provider whose subject is not the member id (Entra's pairwise <c>sub</c>; the member id in
/// a claim of its own): members act on their own claims through the member-id claim, and a staff member named as the
/// claim's member never approves it.
/// </summary>
public sealed class ProviderClaimsTests(ProviderClaimsFixture fixture) : IClassFixture<ProviderClaimsFixture>
{
    private ClaimService.ClaimServiceClient As(string subject, string role, Guid? memberId = null) =>
        new(fixture.Calls(null).WithToken(fixture.Provider.Mint(subject, [role], TestIdentityProvider.DefaultAudience, memberId: memberId?.ToString())));

    [Fact]
    public async Task A_member_acts_on_their_own_claims_by_the_member_id_claim_and_a_subject_naming_them_grants_nothing()
    {
        var owner = await fixture.KnownMemberAsync();
        var session = await fixture.SessionAsync(owner);
        var member = As("pairwise-subject-of-the-owner", Roles.Member, owner);

        var submitted = await member.SubmitAsync(await member.AddParkingAsync(await member.DraftAsync(owner), session));

        Assert.Equal(ClaimState.Submitted, submitted.State);
        var impostor = As(owner.ToString(), Roles.Member, Guid.NewGuid());
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => impostor.GetAsync(submitted.ClaimId));
    }

    [Fact]
    public async Task Staff_named_as_the_claims_member_may_not_approve_it_whatever_their_subject()
    {
        var owner = await fixture.KnownMemberAsync();
        var member = As("pairwise-subject-of-the-owner", Roles.Member, owner);
        var submitted = await member.SubmitAsync(await member.AddParkingAsync(await member.DraftAsync(owner), await fixture.SessionAsync(owner)));

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => As("finance-object-id-1", Roles.Finance, owner).ApproveAsync(submitted));

        Assert.Equal(ClaimState.Approved, (await As("finance-object-id-2", Roles.Finance).ApproveAsync(submitted)).State);
    }
}

/// <summary>The claims fixture pointed at a <see cref="TestIdentityProvider"/> that names members in <c>member_id</c>.</summary>
public sealed class ProviderClaimsFixture : ClaimsFixture, IAsyncLifetime
{
    public TestIdentityProvider Provider { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings =>
        new Dictionary<string, string?>(base.ExtraSettings.Concat(Provider.Settings(TestIdentityProvider.DefaultAudience)))
        {
            ["Auth:MemberIdClaim"] = TestIdentityProvider.MemberIdClaim,
        };

    async Task IAsyncLifetime.InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Provider.DisposeAsync();
    }
}
