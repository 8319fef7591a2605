using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Involvement.FunctionalTests.Identity;

/// <summary>Tokens an attacker could make from a real one: a new header and signature over the same claims.</summary>
public static class ForgedTokens
{
    /// <summary>The claims of <paramref name="token"/> under <c>alg: none</c> and no signature.</summary>
    public static string WithoutSignature(string token) => $"{Header("""{"alg":"none","typ":"JWT"}""")}.{Payload(token)}.";

    /// <summary>The claims of <paramref name="token"/> signed HS256 with <paramref name="secret"/>, naming key <paramref name="kid"/>.</summary>
    public static string Hs256(string token, byte[] secret, string kid)
    {
        var signed = $"{Header($$"""{"alg":"HS256","typ":"JWT","kid":"{{kid}}"}""")}.{Payload(token)}";
        return $"{signed}.{Base64UrlEncoder.Encode(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signed)))}";
    }

    private static string Header(string json) => Base64UrlEncoder.Encode(json);

    private static string Payload(string token) => token.Split('.')[1];
}
