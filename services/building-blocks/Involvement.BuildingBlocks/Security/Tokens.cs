using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Involvement.BuildingBlocks.Security;

/// <summary>
/// The claim types the services read, and development tokens signed with the configured HMAC key: the validation
/// side's twin, for local development and tests.
/// </summary>
public static class Tokens
{
    /// <summary>A role, mapped from <see cref="AuthOptions.RoleClaimPath"/> when the token is validated.</summary>
    public const string RoleClaim = "role";

    /// <summary>Who is calling, as the provider names them; recorded with changes.</summary>
    public const string SubjectClaim = "sub";

    /// <summary>The caller's member id, mapped from <see cref="AuthOptions.MemberIdClaim"/> when the token is validated.</summary>
    public const string MemberIdClaim = "involvement_member_id";

    public static SymmetricSecurityKey SigningKey(AuthOptions options) => new(Encoding.UTF8.GetBytes(options.SigningKey));

    /// <summary>
    /// A development token for <paramref name="role"/>, whose subject is also its member id; the role and member id
    /// sit where the configured paths say, as a provider's would, so both kinds of token are mapped alike.
    /// </summary>
    public static string Mint(AuthOptions options, string role, string subject, TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        var claims = new List<KeyValuePair<string, object>> { ClaimPath.Nest(options.RoleClaimPath, new[] { role }) };
        if (options.MemberIdClaim != SubjectClaim)
        {
            claims.Add(ClaimPath.Nest(options.MemberIdClaim, subject));
        }

        var audiences = options.Audiences;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = audiences.Count > 0 ? audiences[0] : null,
            Subject = new ClaimsIdentity([new Claim(SubjectClaim, subject)]),
            Claims = new Dictionary<string, object>(claims),
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now,
            Expires = now.Add(lifetime),
            SigningCredentials = new SigningCredentials(SigningKey(options), SecurityAlgorithms.HmacSha256),
        });
    }
}
