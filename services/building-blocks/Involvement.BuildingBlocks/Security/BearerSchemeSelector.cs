using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Involvement.BuildingBlocks.Security;

/// <summary>
/// Which scheme validates a bearer token when both kinds are configured: a token naming the development issuer goes
/// to the signing-key scheme, every other to the provider's. The issuer is read unverified only to choose; the chosen
/// scheme then checks it, the signature and everything else.
/// </summary>
public static class BearerSchemeSelector
{
    // Stateless and thread-safe: one for every request rather than one per request.
    private static readonly JsonWebTokenHandler Reader = new();

    public static string Choose(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        var production = http.RequestServices.GetRequiredService<IHostEnvironment>().IsProduction();
        var keyUsable = options.HasSigningKey && (!production || options.AllowSigningKeyInProduction);
        if (!options.HasAuthority || !keyUsable)
        {
            return keyUsable ? SecurityExtensions.SigningKeyScheme : SecurityExtensions.ProviderScheme;
        }

        return UnverifiedIssuer(http.Request.Headers.Authorization.ToString()) == options.Issuer
            ? SecurityExtensions.SigningKeyScheme
            : SecurityExtensions.ProviderScheme;
    }

    private static string? UnverifiedIssuer(string authorization)
    {
        const string prefix = "Bearer ";
        if (!authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[prefix.Length..].Trim();
        if (!Reader.CanReadToken(token))
        {
            return null;
        }

        try
        {
            return Reader.ReadJsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            return null;   // not a JWT at all: the chosen scheme refuses it
        }
    }
}
