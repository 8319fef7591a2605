using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Involvement.BuildingBlocks.Security;

/// <summary>
/// The problems with a service's <c>Auth</c> settings, found before it starts and by <c>check-settings</c>. Reads
/// only the settings: nothing here reaches the identity provider.
/// </summary>
public static class AuthSettings
{
    /// <summary>ConfigurationManager refuses a shorter refresh interval; a longer one leaves a rotated key unusable for too long.</summary>
    public static readonly TimeSpan MinimumKeyRefresh = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaximumKeyRefresh = TimeSpan.FromDays(1);

    public static IReadOnlyList<string> Problems(IConfiguration configuration, bool production)
    {
        var auth = configuration.GetSection(AuthOptions.Section);
        var problems = new List<string>();
        var authority = auth["Authority"];
        var signingKey = auth["SigningKey"];
        var requireHttps = Flag(auth, "RequireHttpsMetadata", true, problems);
        var allowKey = Flag(auth, "AllowSigningKeyInProduction", false, problems);

        if (string.IsNullOrWhiteSpace(authority) && string.IsNullOrWhiteSpace(signingKey))
        {
            problems.Add("Auth:Authority is not set (environment variable Auth__Authority), nor is Auth:SigningKey "
                + "(environment variable Auth__SigningKey): set Auth__Authority to the trust's OpenID Connect issuer URL, or, "
                + $"for local development and tests only, Auth__SigningKey to an HMAC key of at least {AuthOptions.MinimumKeyLength} characters.");
        }

        if (!string.IsNullOrWhiteSpace(authority))
        {
            problems.AddRange(AuthorityProblems(authority, requireHttps, production));
        }

        if (production && requireHttps == false)
        {
            problems.Add("Auth__RequireHttpsMetadata is false, which a Production service refuses: its signing keys must come over HTTPS. Remove the setting.");
        }

        if (!string.IsNullOrWhiteSpace(signingKey))
        {
            problems.AddRange(SigningKeyProblems(signingKey, auth["Issuer"], production, allowKey == true));
        }

        problems.AddRange(PathProblems(auth, "RoleClaimPath"));
        problems.AddRange(PathProblems(auth, "MemberIdClaim"));
        problems.AddRange(RefreshProblems(auth["KeyRefreshInterval"]));
        return problems;
    }

    private static IEnumerable<string> AuthorityProblems(string authority, bool? requireHttps, bool production)
    {
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            yield return $"Auth__Authority '{authority}' is not an http(s) URL: give the provider's issuer, e.g. "
                + "https://login.microsoftonline.com/<tenant-id>/v2.0 or https://keycloak.example.nhs.uk/realms/<realm>.";
        }
        else if (uri.Scheme == "http" && production)
        {
            yield return $"Auth__Authority '{authority}' is http, which a Production service refuses: signing keys must come over HTTPS.";
        }
        else if (uri.Scheme == "http" && requireHttps != false)
        {
            yield return $"Auth__Authority '{authority}' is http while Auth__RequireHttpsMetadata is true: use https, or, "
                + "for a provider on this machine only, set Auth__RequireHttpsMetadata=false.";
        }
    }

    private static IEnumerable<string> SigningKeyProblems(string signingKey, string? issuer, bool production, bool allowed)
    {
        if (signingKey.Length < AuthOptions.MinimumKeyLength)
        {
            yield return $"Auth__SigningKey is {signingKey.Length} characters; it must be at least {AuthOptions.MinimumKeyLength} (HMAC-SHA256 needs 256 bits).";
        }

        if (string.IsNullOrWhiteSpace(issuer))
        {
            yield return "Auth__Issuer is not set: with Auth__SigningKey it names the issuer development tokens carry.";
        }

        if (production && !allowed)
        {
            yield return "Auth__SigningKey is set, and a Production service does not accept tokens signed with a shared key: "
                + "anyone holding it could mint any role. Remove Auth__SigningKey and use Auth__Authority (the trust's identity provider), "
                + "or set Auth__AllowSigningKeyInProduction=true to accept that risk explicitly.";
        }
    }

    private static IEnumerable<string> PathProblems(IConfigurationSection auth, string name)
    {
        var path = auth[name];
        if (path is not null && path.Split('.').Any(string.IsNullOrWhiteSpace))
        {
            yield return $"Auth__{name} '{path}' is not a claim name or dotted path such as roles or realm_access.roles.";
        }
    }

    private static IEnumerable<string> RefreshProblems(string? value)
    {
        if (value is null)
        {
            yield break;
        }

        if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var interval))
        {
            yield return $"Auth__KeyRefreshInterval '{value}' is not a time span: give hh:mm:ss, e.g. 00:05:00.";
        }
        else if (interval < MinimumKeyRefresh || interval > MaximumKeyRefresh)
        {
            yield return $"Auth__KeyRefreshInterval is {value}; it must be between 00:00:01 and 1.00:00:00 (default 00:05:00).";
        }
    }

    /// <summary>A true/false setting: its value, the default when absent, or null (and a problem) when neither.</summary>
    private static bool? Flag(IConfigurationSection auth, string name, bool absent, List<string> problems)
    {
        var value = auth[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            return absent;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        problems.Add($"Auth__{name} '{value}' is neither true nor false.");
        return null;
    }
}
