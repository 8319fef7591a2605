using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Involvement.BuildingBlocks.Security;

/// <summary>
/// Maps a validated token's roles (at <see cref="AuthOptions.RoleClaimPath"/>) and member id (at
/// <see cref="AuthOptions.MemberIdClaim"/>) onto the claim types the services read, once, for both kinds of token.
/// </summary>
public static class CallerClaims
{
    public static void Map(ClaimsIdentity identity, SecurityToken token, AuthOptions options)
    {
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(((JsonWebToken)token).EncodedPayload));
        Map(identity, payload.RootElement, options);
    }

    public static void Map(ClaimsIdentity identity, JsonElement payload, AuthOptions options)
    {
        // Only what the configured paths say counts: a claim that merely happens to be named "role" does not.
        foreach (var claim in identity.Claims.Where(c => c.Type is Tokens.RoleClaim or Tokens.MemberIdClaim).ToList())
        {
            identity.RemoveClaim(claim);
        }

        // Providers add roles of their own (Keycloak's offline_access, default-roles-*): only Involvement's count.
        foreach (var role in ClaimPath.Read(payload, options.RoleClaimPath).Where(Roles.All.Contains).Distinct())
        {
            identity.AddClaim(new Claim(Tokens.RoleClaim, role));
        }

        if (ClaimPath.Read(payload, options.MemberIdClaim) is [var memberId])
        {
            identity.AddClaim(new Claim(Tokens.MemberIdClaim, memberId));
        }
    }
}
