using System.Net;
using System.Net.Http.Headers;
using Involvement.BuildingBlocks.Security;
using Involvement.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Involvement.FunctionalTests.Identity;

/// <summary>When the provider cannot be reached, callers are refused as unauthenticated: not a 500, not the reason.</summary>
public sealed class UnreachableProviderTests
{
    [Fact]
    public async Task A_token_that_cannot_be_checked_is_a_plain_401()
    {
        await using var provider = await TestIdentityProvider.StartAsync();
        var token = provider.Mint("someone", [Roles.PpiTeam], TestIdentityProvider.DefaultAudience);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        foreach (var (key, value) in provider.Settings(TestIdentityProvider.DefaultAudience))
        {
            builder.Configuration[key] = value;
        }

        builder.Configuration["Auth:Authority"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}/realms/test";   // nothing listens
        builder.AddSecurity();
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/", () => "reached");
        await app.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await app.GetTestClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }
}
