namespace Involvement.BuildingBlocks.Security;

/// <summary>Bearer-token validation settings (section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The minimum signing-key length: HMAC-SHA256 needs 256 bits.</summary>
    public const int MinimumKeyLength = 32;

    public string Issuer { get; set; } = "";

    public string Audience { get; set; } = "";

    /// <summary>The shared HMAC-SHA256 key tokens are signed with; at least 32 characters.</summary>
    public string SigningKey { get; set; } = "";
}
