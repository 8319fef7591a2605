using Involvement.BuildingBlocks.Configuration;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Involvement.BuildingBlocks.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// JWT bearer authentication and a fallback policy that refuses anonymous calls; each RPC names its roles with
    /// <c>[Authorize(Roles = ...)]</c>. Health and reflection opt out with <c>AllowAnonymous</c>.
    /// </summary>
    public static void AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        builder.Services.AddSingleton(new RequiredSetting("Auth:Issuer", "the issuer bearer tokens must name"));
        builder.Services.AddSingleton(new RequiredSetting("Auth:Audience", "the audience bearer tokens must name"));
        builder.Services.AddSingleton(new RequiredSetting("Auth:SigningKey", "the HMAC-SHA256 key bearer tokens are signed with",
            v => v.Length < AuthOptions.MinimumKeyLength ? $"is {v.Length} characters; it must be at least {AuthOptions.MinimumKeyLength}" : null));

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // Bound when first used, so settings given late (tests, environment) are honoured.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                var o = auth.Value;
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = o.Issuer,
                    ValidAudience = o.Audience,
                    IssuerSigningKey = Tokens.SigningKey(o),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RoleClaimType = Tokens.RoleClaim,
                    NameClaimType = Tokens.SubjectClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }
}
