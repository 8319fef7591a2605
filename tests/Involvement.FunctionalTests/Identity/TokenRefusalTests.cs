using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;
using Involvement.TestKit;
using Microsoft.IdentityModel.Tokens;

namespace Involvement.FunctionalTests.Identity;

/// <summary>Tokens the service must refuse as UNAUTHENTICATED: never a 500, never a word about why to the caller.</summary>
[Collection(ProviderCollection.Name)]
public sealed class TokenRefusalTests(ProviderFixture fixture)
{
    [Theory]
    [InlineData("another issuer")]
    [InlineData("another issuer's name, signed with the provider's key")]
    [InlineData("the development issuer's name, signed with the provider's key")]
    [InlineData("wrong audience")]
    [InlineData("expired")]
    [InlineData("unsigned")]
    [InlineData("HS256 with the provider's public key")]
    [InlineData("HS256 with the development key")]
    [InlineData("not a token")]
    public async Task Is_refused_as_unauthenticated(string kind)
    {
        await fixture.KeyAcceptedAsync();
        var token = await TokenAsync(kind);

        var ex = await RpcAssert.FailsWith(StatusCode.Unauthenticated,
            () => fixture.Members(token).ListMembersAsync(new ListMembersRequest()).ResponseAsync);
        Assert.DoesNotContain("IDX", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_rest_a_refused_token_is_a_plain_401_that_says_nothing_of_why()
    {
        await fixture.KeyAcceptedAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/members");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("expired"));

        using var response = await fixture.Http().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.DoesNotContain("IDX", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> TokenAsync(string kind)
    {
        var valid = fixture.Provider.Mint("attacker", [Roles.PpiTeam], TestIdentityProvider.DefaultAudience);
        switch (kind)
        {
            case "another issuer":
                await using (var other = await TestIdentityProvider.StartAsync())
                {
                    return other.Mint("attacker", [Roles.PpiTeam], TestIdentityProvider.DefaultAudience);
                }

            case "another issuer's name, signed with the provider's key":
                return fixture.Provider.Mint("attacker", [Roles.PpiTeam], TestIdentityProvider.DefaultAudience, issuer: "https://login.example.invalid/other-tenant/v2.0");
            case "the development issuer's name, signed with the provider's key":
                // Routed to the development key's scheme by its issuer, where an RS256 signature is never accepted.
                return fixture.Provider.Mint("attacker", [Roles.PpiTeam], TestIdentityProvider.DefaultAudience, issuer: TestAuth.Options.Issuer);
            case "wrong audience":
                return fixture.Provider.Mint("attacker", [Roles.PpiTeam], "api://some-other-system");
            case "expired":
                return fixture.Provider.Mint("attacker", [Roles.PpiTeam], TestIdentityProvider.DefaultAudience, TimeSpan.FromMinutes(-5));
            case "unsigned":
                return ForgedTokens.WithoutSignature(valid);
            case "HS256 with the provider's public key":
                var (kid, modulus) = await PublishedRsaKeyAsync();
                return ForgedTokens.Hs256(valid, modulus, kid);
            case "HS256 with the development key":
                return ForgedTokens.Hs256(valid, Encoding.UTF8.GetBytes(TestAuth.Options.SigningKey), new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(valid).Kid);
            default:
                return "not-a-jwt";
        }
    }

    /// <summary>A published RSA key's id and modulus: what an algorithm-confusion attack would sign with.</summary>
    private async Task<(string Kid, byte[] Modulus)> PublishedRsaKeyAsync()
    {
        using var http = new HttpClient();
        using var jwks = JsonDocument.Parse(await http.GetStringAsync($"{fixture.Provider.Authority.AbsoluteUri}/protocol/openid-connect/certs"));
        var rsa = jwks.RootElement.GetProperty("keys").EnumerateArray().Last(k => k.GetProperty("kty").GetString() == "RSA");
        return (rsa.GetProperty("kid").GetString()!, Base64UrlEncoder.DecodeBytes(rsa.GetProperty("n").GetString()));
    }
}
