using Involvement.BuildingBlocks.Security;
using Microsoft.Extensions.Configuration;

namespace Involvement.UnitTests.Security;

public sealed class AuthSettingsTests
{
    private const string Key = "a-development-key-of-at-least-32-chars";
    private const string Authority = "https://login.microsoftonline.com/7c9d1f3e-0000-4000-8000-000000000000/v2.0";

    private static IReadOnlyList<string> Problems(bool production, params (string Key, string Value)[] auth) =>
        AuthSettings.Problems(new ConfigurationBuilder()
            .AddInMemoryCollection(auth.Select(a => new KeyValuePair<string, string?>($"Auth:{a.Key}", a.Value))).Build(), production);

    [Fact]
    public void A_development_key_alone_is_enough_outside_production()
    {
        Assert.Empty(Problems(false, ("Issuer", "involvement-dev"), ("SigningKey", Key)));
    }

    [Fact]
    public void An_authority_alone_is_enough_in_production()
    {
        Assert.Empty(Problems(true, ("Authority", Authority), ("RoleClaimPath", "realm_access.roles"), ("KeyRefreshInterval", "00:10:00")));
    }

    [Fact]
    public void Both_kinds_together_are_fine_in_development()
    {
        Assert.Empty(Problems(false, ("Authority", "http://127.0.0.1:8080/realms/dev"), ("RequireHttpsMetadata", "false"),
            ("Issuer", "involvement-dev"), ("SigningKey", Key)));
    }

    [Fact]
    public void Neither_an_authority_nor_a_key_says_what_to_set()
    {
        var problem = Assert.Single(Problems(false));

        Assert.Contains("(environment variable Auth__Authority)", problem, StringComparison.Ordinal);
        Assert.Contains("(environment variable Auth__SigningKey)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_refuses_a_signing_key_and_names_the_setting_that_would_allow_it()
    {
        var problem = Assert.Single(Problems(true, ("Authority", Authority), ("Issuer", "involvement-dev"), ("SigningKey", Key)));

        Assert.Contains("Auth__AllowSigningKeyInProduction=true", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_accepts_a_signing_key_when_told_so_explicitly()
    {
        Assert.Empty(Problems(true, ("Issuer", "involvement-dev"), ("SigningKey", Key), ("AllowSigningKeyInProduction", "true")));
        Assert.Single(Problems(true, ("Issuer", "involvement-dev"), ("SigningKey", Key), ("AllowSigningKeyInProduction", "false")));
    }

    [Fact]
    public void Production_refuses_metadata_over_plain_http()
    {
        Assert.Contains(Problems(true, ("Authority", Authority), ("RequireHttpsMetadata", "false")),
            p => p.Contains("Auth__RequireHttpsMetadata is false", StringComparison.Ordinal));
        Assert.Contains(Problems(true, ("Authority", "http://keycloak.trust.nhs.uk/realms/trust"), ("RequireHttpsMetadata", "false")),
            p => p.Contains("is http, which a Production service refuses", StringComparison.Ordinal));
    }

    [Fact]
    public void An_http_authority_needs_require_https_metadata_off_even_in_development()
    {
        var problem = Assert.Single(Problems(false, ("Authority", "http://127.0.0.1:8080/realms/dev")));

        Assert.Contains("Auth__RequireHttpsMetadata=false", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authority", "login.microsoftonline.com/tenant", "is not an http(s) URL")]
    [InlineData("Authority", "ftp://idp.example/realm", "is not an http(s) URL")]
    [InlineData("Authority", "https://idp.example/realm?x=1", "is not an http(s) URL")]
    [InlineData("KeyRefreshInterval", "soon", "is not a time span")]
    [InlineData("KeyRefreshInterval", "00:00:00.500", "must be between 00:00:01 and 1.00:00:00")]
    [InlineData("KeyRefreshInterval", "2.00:00:00", "must be between 00:00:01 and 1.00:00:00")]
    [InlineData("RequireHttpsMetadata", "yes", "is neither true nor false")]
    [InlineData("AllowSigningKeyInProduction", "1", "is neither true nor false")]
    [InlineData("RoleClaimPath", "realm_access..roles", "is not a claim name or dotted path")]
    [InlineData("MemberIdClaim", " ", "is not a claim name or dotted path")]
    public void A_malformed_value_is_named_with_its_environment_variable(string setting, string value, string says)
    {
        var settings = new Dictionary<string, string> { ["Authority"] = Authority, [setting] = value };

        var problem = Assert.Single(Problems(false, settings.Select(s => (s.Key, s.Value)).ToArray()));

        Assert.Contains($"Auth__{setting}", problem, StringComparison.Ordinal);
        Assert.Contains(says, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_key_or_a_key_without_an_issuer_is_a_problem()
    {
        Assert.Contains(Problems(false, ("Issuer", "dev"), ("SigningKey", "short")), p => p.Contains("Auth__SigningKey is 5 characters", StringComparison.Ordinal));
        Assert.Contains(Problems(false, ("SigningKey", Key)), p => p.StartsWith("Auth__Issuer is not set", StringComparison.Ordinal));
    }
}
