namespace Involvement.BuildingBlocks.Security;

/// <summary>
/// Bearer-token validation settings (section <c>Auth</c>): the trust's OpenID Connect provider (<see cref="Authority"/>)
/// in production, an HMAC key (<see cref="SigningKey"/>) for local development and tests; either or both.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The minimum signing-key length: HMAC-SHA256 needs 256 bits.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>The trust's OIDC issuer URL; discovery and signing keys are read from it.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The issuer development (HMAC) tokens carry; OIDC tokens' issuer comes from discovery.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The audience tokens must carry: one or more, comma-separated.</summary>
    public string Audience { get; set; } = "";

    /// <summary>The shared HMAC-SHA256 key development tokens are signed with; at least 32 characters.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Dotted path of the claim holding roles: <c>roles</c> (Entra ID), <c>realm_access.roles</c> (Keycloak).</summary>
    public string RoleClaimPath { get; set; } = "roles";

    /// <summary>The claim holding a member's Involvement member id.</summary>
    public string MemberIdClaim { get; set; } = Tokens.SubjectClaim;

    /// <summary>Lets a Production service accept HMAC tokens: without it a signing key there is refused at start.</summary>
    public bool AllowSigningKeyInProduction { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The least time between signing-key refreshes prompted by a token with an unknown key id.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    public bool HasAuthority => !string.IsNullOrWhiteSpace(Authority);

    public bool HasSigningKey => !string.IsNullOrWhiteSpace(SigningKey);

    public IReadOnlyList<string> Audiences =>
        Audience.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
