extern alias RecruitmentHost;

using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;
using Involvement.TestKit;
using RecruitmentHost::Involvement.Recruitment.Members;

namespace Involvement.FunctionalTests.Identity;

/// <summary>
/// Recruitment pointed at a <see cref="TestIdentityProvider"/>, started first so its settings can be given. Entra ID's
/// shape: roles in <c>roles</c>, both audience forms, and the development key beside it as in local development.
/// </summary>
public class ProviderFixture : ServiceFixture<MemberApi>, IAsyncLifetime
{
    /// <summary>Both of Entra ID's forms: the v1 App ID URI and the v2 client id (here the test audience).</summary>
    public const string Audiences = "api://involvement," + TestIdentityProvider.DefaultAudience;

    public TestIdentityProvider Provider { get; private set; } = null!;

    protected virtual string RoleClaimPath => "roles";

    protected override string ServiceName => "recruitment";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => Provider.Settings(Audiences);

    /// <summary>Members' calls carrying <paramref name="token"/> as it is.</summary>
    public MemberService.MemberServiceClient Members(string token) => new(Calls(null).WithToken(token));

    /// <summary>Members' calls with a development (HMAC) token.</summary>
    public MemberService.MemberServiceClient DevMembers(string role, string subject = "test-user") => new(Calls(role, subject));

    /// <summary>Waits until the service accepts the provider's current key (after a rotation it refreshes the published keys).</summary>
    public Task KeyAcceptedAsync() => Eventually.TrueAsync(async () =>
    {
        try
        {
            await Members(Provider.Mint("key-probe", [Roles.PpiTeam], TestIdentityProvider.DefaultAudience))
                .ListMembersAsync(new ListMembersRequest { PageSize = 1 });
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            return false;
        }
    }, TimeSpan.FromSeconds(15), "the service to accept the provider's new key");

    async Task IAsyncLifetime.InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync(RoleClaimPath);
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Provider.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ProviderCollection : ICollectionFixture<ProviderFixture>
{
    public const string Name = "identity provider";
}

/// <summary>Keycloak's shape: realm roles in <c>realm_access.roles</c>, the member id in its own claim, no development key.</summary>
public sealed class KeycloakFixture : ProviderFixture
{
    protected override string RoleClaimPath => "realm_access.roles";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings)
    {
        ["Auth:MemberIdClaim"] = TestIdentityProvider.MemberIdClaim,
        ["Auth:SigningKey"] = "",
        ["Auth:Issuer"] = "",
    };
}
