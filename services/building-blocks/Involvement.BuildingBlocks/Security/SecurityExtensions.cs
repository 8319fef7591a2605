using Involvement.BuildingBlocks.Configuration;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Involvement.BuildingBlocks.Security;

public static class SecurityExtensions
{
    /// <summary>Tokens from the trust's identity provider: discovery and published keys, RS256 or ES256.</summary>
    public const string ProviderScheme = "Provider";

    /// <summary>Development tokens signed with the shared HMAC key.</summary>
    public const string SigningKeyScheme = "SigningKey";

    /// <summary>
    /// JWT bearer authentication and a fallback policy that refuses anonymous calls; each RPC names its roles with
    /// <c>[Authorize(Roles = ...)]</c>. Health and reflection opt out with <c>AllowAnonymous</c>. The default scheme
    /// hands each token to the one scheme that may validate it (<see cref="BearerSchemeSelector"/>), so a key or an
    /// algorithm is never tried against the other kind's issuer.
    /// </summary>
    public static void AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        builder.Services.AddSingleton(new RequiredSetting("Auth:Audience", "the audience bearer tokens must name (one or more, comma-separated)",
            v => new AuthOptions { Audience = v }.Audiences.Count == 0 ? "names no audience" : null));
        builder.Services.AddSingleton(new SettingsCheck(services => AuthSettings.Problems(
            services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>().IsProduction())));

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddPolicyScheme(JwtBearerDefaults.AuthenticationScheme, "Bearer token", o => o.ForwardDefaultSelector = BearerSchemeSelector.Choose)
            .AddJwtBearer(ProviderScheme)
            .AddJwtBearer(SigningKeyScheme);

        // Bound when first used, so settings given late (tests, environment) are honoured.
        builder.Services.AddOptions<JwtBearerOptions>(ProviderScheme).Configure<IOptions<AuthOptions>>((jwt, auth) =>
        {
            var o = auth.Value;
            Common(jwt, o);
            if (o.HasAuthority)
            {
                jwt.Authority = o.Authority;
                jwt.RequireHttpsMetadata = o.RequireHttpsMetadata;
                // An unknown key id prompts a refresh of the published keys, at most this often.
                jwt.RefreshInterval = o.KeyRefreshInterval;
            }

            // The issuer and keys come from discovery; only the provider's asymmetric algorithms are accepted.
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];
        });
        builder.Services.AddOptions<JwtBearerOptions>(SigningKeyScheme).Configure<IOptions<AuthOptions>>((jwt, auth) =>
        {
            var o = auth.Value;
            Common(jwt, o);
            jwt.TokenValidationParameters.ValidIssuer = o.Issuer;
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            if (o.HasSigningKey)
            {
                jwt.TokenValidationParameters.IssuerSigningKey = Tokens.SigningKey(o);
            }
        });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }

    private static void Common(JwtBearerOptions jwt, AuthOptions o)
    {
        jwt.MapInboundClaims = false;
        jwt.IncludeErrorDetails = false;   // why a token failed goes to the log, not to the caller
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudiences = o.Audiences,
            RoleClaimType = Tokens.RoleClaim,
            NameClaimType = Tokens.SubjectClaim,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                CallerClaims.Map((System.Security.Claims.ClaimsIdentity)context.Principal!.Identity!, context.SecurityToken, o);
                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                // ASP.NET logs the failure at Information, which production filters out: say why at Warning, by the
                // failure's kind only (never the token, nor the message, which can quote its claims).
                TokenRefusalLog.Refused(context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecurityExtensions)),
                    context.Scheme.Name, context.Exception.GetType().Name);
                return Task.CompletedTask;
            },
        };
    }
}
