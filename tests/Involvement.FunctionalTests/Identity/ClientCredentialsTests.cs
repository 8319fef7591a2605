using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Cli.Auth;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Identity;

/// <summary>A machine caller (another trust system) registered with the provider, as the CLI gets its token.</summary>
[Collection(ProviderCollection.Name)]
public sealed class ClientCredentialsTests(ProviderFixture fixture)
{
    private const string Secret = "s3cret-for-the-referrals-system";

    [Theory]
    [InlineData(null)]
    [InlineData("api://involvement/.default")]
    public async Task A_registered_system_gets_a_token_that_carries_its_granted_roles(string? scope)
    {
        await fixture.KeyAcceptedAsync();
        fixture.Provider.RegisterClient("referrals-system", Secret, Roles.PpiTeam);

        var token = await ClientCredentials.GetTokenAsync(fixture.Provider.Authority, "referrals-system", Secret, scope, CancellationToken.None);

        await fixture.Members(token).ListMembersAsync(new ListMembersRequest());
    }

    [Fact]
    public async Task A_system_granted_another_role_is_refused_what_that_role_may_not_do()
    {
        fixture.Provider.RegisterClient("dashboard", Secret, Roles.ReportingConsumer);

        var token = await ClientCredentials.GetTokenAsync(fixture.Provider.Authority, "dashboard", Secret, null, CancellationToken.None);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Members(token).ListMembersAsync(new ListMembersRequest()).ResponseAsync);
    }

    [Fact]
    public async Task A_wrong_secret_is_a_clear_error_that_does_not_repeat_the_secret()
    {
        fixture.Provider.RegisterClient("finance-system", Secret, Roles.Finance);

        var ex = await Assert.ThrowsAsync<ClientCredentialsException>(
            () => ClientCredentials.GetTokenAsync(fixture.Provider.Authority, "finance-system", "not-" + Secret, null, CancellationToken.None));

        Assert.Contains("invalid_client", ex.Message, StringComparison.Ordinal);
        Assert.Contains("finance-system", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_provider_is_a_clear_error()
    {
        var nowhere = new Uri($"http://127.0.0.1:{TestKit.ServiceProcess.FreePort()}/realms/test");

        var ex = await Assert.ThrowsAsync<ClientCredentialsException>(
            () => ClientCredentials.GetTokenAsync(nowhere, "finance-system", Secret, null, CancellationToken.None));

        Assert.Contains("Could not reach the identity provider", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_http_provider_elsewhere_is_refused_before_the_secret_is_sent()
    {
        var ex = await Assert.ThrowsAsync<ClientCredentialsException>(
            () => ClientCredentials.GetTokenAsync(new Uri("http://idp.example.nhs.uk/realms/trust"), "finance-system", Secret, null, CancellationToken.None));

        Assert.Contains("https", ex.Message, StringComparison.Ordinal);
    }
}
