using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Involvement.BuildingBlocks.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Involvement.TestKit;

/// <summary>
/// A small OpenID Connect provider on loopback, as a trust's would look to a service: discovery, its published keys
/// (RS256 and ES256, rotatable) and a client-credentials token endpoint. No internet, no container.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    /// <summary>The claim <see cref="Mint"/> puts a member id in, when given one.</summary>
    public const string MemberIdClaim = "member_id";

    /// <summary>The audience a client-credentials token carries when the request names no scope.</summary>
    public const string DefaultAudience = "involvement";

    private const string Realm = "/realms/test";
    private static readonly Dictionary<string, string[]> Capabilities = new()
    {
        ["grant_types_supported"] = ["client_credentials"],
        ["token_endpoint_auth_methods_supported"] = ["client_secret_post", "client_secret_basic"],
        ["id_token_signing_alg_values_supported"] = ["RS256", "ES256"],
        ["response_types_supported"] = ["token"],
        ["subject_types_supported"] = ["public"],
    };

    private readonly WebApplication _app;
    private readonly string _roleClaimPath;
    private readonly List<Key> _keys = [];
    private readonly ConcurrentDictionary<string, (string Secret, string[] Roles)> _clients = new();

    private TestIdentityProvider(WebApplication app, string roleClaimPath)
    {
        _app = app;
        _roleClaimPath = roleClaimPath;
    }

    public Uri Authority { get; private set; } = null!;

    public Uri TokenEndpoint => new($"{Authority.AbsoluteUri}/protocol/openid-connect/token");

    private Uri JwksUri => new($"{Authority.AbsoluteUri}/protocol/openid-connect/certs");

    public static async Task<TestIdentityProvider> StartAsync(string roleClaimPath = "roles")
    {
        // Empty: nothing from the test's appsettings.json or environment (a service's Kestrel endpoints, say) applies.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var provider = new TestIdentityProvider(builder.Build(), roleClaimPath);
        provider.RotateKey();
        provider.MapEndpoints();
        await provider._app.StartAsync();
        var address = provider._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        provider.Authority = new Uri(address.TrimEnd('/') + Realm);
        return provider;
    }

    public void RegisterClient(string clientId, string clientSecret, params string[] roles) => _clients[clientId] = (clientSecret, roles);

    /// <summary>
    /// An access token signed with the current key; roles at the provider's role path. <paramref name="issuer"/> forges
    /// another issuer's name on a token this provider's key signs.
    /// </summary>
    public string Mint(string subject, IEnumerable<string> roles, string audience, TimeSpan? lifetime = null, string? memberId = null, string? issuer = null)
    {
        var now = DateTime.UtcNow;
        var life = lifetime ?? TimeSpan.FromHours(1);
        var expires = now + life;
        var issued = life > TimeSpan.Zero ? now : expires - TimeSpan.FromHours(1);   // an expired token was once valid
        var claims = new Dictionary<string, object>([ClaimPath.Nest(_roleClaimPath, roles.ToArray())]);
        if (memberId is not null)
        {
            claims[MemberIdClaim] = memberId;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority.AbsoluteUri,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(Tokens.SubjectClaim, subject)]),
            Claims = claims,
            NotBefore = issued,
            IssuedAt = issued,
            Expires = expires,
            SigningCredentials = Current.Credentials,
        });
    }

    /// <summary>Publishes a new key (RS256 or ES256) beside the old ones and signs with it from now on; returns its key id.</summary>
    public string RotateKey(string algorithm = "RS256")
    {
        lock (_keys)
        {
            var kid = $"{algorithm.ToLowerInvariant()}-{_keys.Count + 1}";
            _keys.Add(algorithm switch
            {
                "RS256" => Key.Rsa(kid),
                "ES256" => Key.Ec(kid),
                _ => throw new ArgumentException($"{algorithm} is not RS256 or ES256.", nameof(algorithm)),
            });
            return kid;
        }
    }

    /// <summary>The <c>Auth:*</c> settings that point a service at this provider (plain HTTP on loopback, quick key refresh).</summary>
    public Dictionary<string, string?> Settings(string audience) => new()
    {
        ["Auth:Authority"] = Authority.AbsoluteUri,
        ["Auth:Audience"] = audience,
        ["Auth:RoleClaimPath"] = _roleClaimPath,
        ["Auth:RequireHttpsMetadata"] = "false",
        ["Auth:KeyRefreshInterval"] = "00:00:01",
    };

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Key Current
    {
        get
        {
            lock (_keys)
            {
                return _keys[^1];
            }
        }
    }

    private void MapEndpoints()
    {
        _app.MapGet($"{Realm}/.well-known/openid-configuration", () => Results.Json(
            new Dictionary<string, object>(Capabilities.Select(c => KeyValuePair.Create(c.Key, (object)c.Value)))
            {
                ["issuer"] = Authority.AbsoluteUri,
                ["jwks_uri"] = JwksUri.AbsoluteUri,
                ["token_endpoint"] = TokenEndpoint.AbsoluteUri,
            }));
        _app.MapGet($"{Realm}/protocol/openid-connect/certs", () =>
        {
            lock (_keys)
            {
                return Results.Json(new { keys = _keys.Select(k => k.PublicJwk).ToArray() });
            }
        });
        _app.MapPost($"{Realm}/protocol/openid-connect/token", IssueAsync);
    }

    private async Task<IResult> IssueAsync(HttpRequest request)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync() : FormCollection.Empty;
        if (form["grant_type"] != "client_credentials")
        {
            return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
        }

        var (clientId, secret) = ClientOf(request, form);
        if (clientId is null || !_clients.TryGetValue(clientId, out var client) || client.Secret != secret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        // Entra-style: scope "api://involvement/.default" asks for a token whose audience is api://involvement.
        var scope = form["scope"].ToString();
        var audience = scope.Length > 0 ? scope.Split(' ')[0].Replace("/.default", "", StringComparison.Ordinal) : DefaultAudience;
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = Mint(clientId, client.Roles, audience),
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
        });
    }

    /// <summary>The client's id and secret: HTTP Basic (client_secret_basic) or form fields (client_secret_post).</summary>
    private static (string? Id, string? Secret) ClientOf(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return pair.Length == 2 ? (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1])) : (null, null);
        }

        return (form["client_id"].FirstOrDefault(), form["client_secret"].FirstOrDefault());
    }

    private sealed record Key(SigningCredentials Credentials, Dictionary<string, string> PublicJwk)
    {
        public static Key Rsa(string kid)
        {
            var rsa = RSA.Create(2048);
            var p = rsa.ExportParameters(false);
            return new(new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256), new()
            {
                ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = kid,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            });
        }

        public static Key Ec(string kid)
        {
            var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var p = ec.ExportParameters(false);
            return new(new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256), new()
            {
                ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = kid, ["crv"] = "P-256",
                ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
            });
        }
    }
}
