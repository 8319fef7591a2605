using System.Security.Claims;
using System.Text.Json;
using Involvement.BuildingBlocks.Security;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Involvement.UnitTests.Security;

public sealed class ClaimMappingTests
{
    private static JsonElement Payload(string json) => JsonDocument.Parse(json).RootElement;

    private static ClaimsIdentity Mapped(string payload, string rolePath = "roles", string memberIdClaim = "sub", params Claim[] existing)
    {
        var identity = new ClaimsIdentity(existing, "test", Tokens.SubjectClaim, Tokens.RoleClaim);
        CallerClaims.Map(identity, Payload(payload), new AuthOptions { RoleClaimPath = rolePath, MemberIdClaim = memberIdClaim });
        return identity;
    }

    private static string[] RolesOf(ClaimsIdentity identity) => identity.FindAll(Tokens.RoleClaim).Select(c => c.Value).Order().ToArray();

    [Theory]
    [InlineData("""{"roles":"finance"}""", "roles", new[] { "finance" })]
    [InlineData("""{"roles":["finance","trainer"]}""", "roles", new[] { "finance", "trainer" })]
    [InlineData("""{"realm_access":{"roles":["ppi-team","offline_access"]}}""", "realm_access.roles", new[] { "offline_access", "ppi-team" })]
    [InlineData("""{"resource_access":{"involvement.api":{"roles":["member"]}}}""", "resource_access.involvement.api.roles", new[] { "member" })]
    [InlineData("""{"realm_access":{"roles":[1,"trainer",null,{"x":1}]}}""", "realm_access.roles", new[] { "trainer" })]
    [InlineData("""{"roles":{"finance":true}}""", "roles", new string[0])]
    [InlineData("""{"realm_access":"ppi-team"}""", "realm_access.roles", new string[0])]
    [InlineData("""{"other":["finance"]}""", "roles", new string[0])]
    public void A_path_reads_a_string_or_the_strings_of_an_array(string payload, string path, string[] expected)
    {
        Assert.Equal(expected, ClaimPath.Read(Payload(payload), path).Order().ToArray());
    }

    [Fact]
    public void Roles_at_the_configured_path_become_role_claims_and_only_involvements_roles_count()
    {
        var identity = Mapped("""{"realm_access":{"roles":["ppi-team","offline_access","default-roles-trust","Finance","ppi-team"]}}""", "realm_access.roles");

        Assert.Equal(["ppi-team"], RolesOf(identity));
        Assert.True(new ClaimsPrincipal(identity).IsInRole(Roles.PpiTeam));
    }

    [Fact]
    public void A_role_claim_outside_the_configured_path_grants_nothing()
    {
        var identity = Mapped("""{"role":"finance","roles":["finance"],"realm_access":{"roles":["trainer"]}}""", "realm_access.roles",
            existing: [new Claim(Tokens.RoleClaim, Roles.Finance), new Claim(Tokens.MemberIdClaim, Guid.NewGuid().ToString())]);

        Assert.Equal(["trainer"], RolesOf(identity));
        Assert.Null(identity.FindFirst(Tokens.MemberIdClaim));
    }

    [Fact]
    public void The_member_id_comes_from_the_configured_claim()
    {
        var member = Guid.NewGuid().ToString();

        Assert.Equal(member, Mapped($$"""{"sub":"{{member}}"}""").FindFirst(Tokens.MemberIdClaim)?.Value);
        Assert.Equal(member, Mapped($$"""{"sub":"kc-user","member_id":"{{member}}"}""", memberIdClaim: "member_id").FindFirst(Tokens.MemberIdClaim)?.Value);
        Assert.Equal(member, Mapped($$"""{"sub":"x","extension_1a2b_memberId":"{{member}}"}""", memberIdClaim: "extension_1a2b_memberId").FindFirst(Tokens.MemberIdClaim)?.Value);
        Assert.Null(Mapped($$"""{"sub":"{{member}}"}""", memberIdClaim: "member_id").FindFirst(Tokens.MemberIdClaim));
        Assert.Null(Mapped($$"""{"member_id":["{{member}}","{{Guid.NewGuid()}}"]}""", memberIdClaim: "member_id").FindFirst(Tokens.MemberIdClaim));
    }

    [Theory]
    [InlineData("roles", "sub")]
    [InlineData("realm_access.roles", "member_id")]
    [InlineData("resource_access.involvement.roles", "sub")]
    public void Development_tokens_put_role_and_member_id_where_the_settings_say_so_one_mapping_reads_both_kinds(string rolePath, string memberIdClaim)
    {
        var options = new AuthOptions
        {
            Issuer = "dev", Audience = "involvement,api://involvement", SigningKey = new string('k', 32), RoleClaimPath = rolePath, MemberIdClaim = memberIdClaim,
        };
        var member = Guid.NewGuid().ToString();
        var token = new JsonWebToken(Tokens.Mint(options, Roles.Member, member, TimeSpan.FromMinutes(5)));
        var identity = new ClaimsIdentity([], "test", Tokens.SubjectClaim, Tokens.RoleClaim);

        CallerClaims.Map(identity, token, options);

        Assert.Equal([Roles.Member], RolesOf(identity));
        Assert.Equal(member, identity.FindFirst(Tokens.MemberIdClaim)?.Value);
        Assert.Equal(["involvement"], token.Audiences);
    }

    [Fact]
    public void Nest_builds_the_objects_a_dotted_path_reads()
    {
        var (name, value) = ClaimPath.Nest("resource_access.involvement.roles", (string[])["finance"]);
        var json = JsonSerializer.SerializeToElement(new Dictionary<string, object> { [name] = value });

        Assert.Equal(["finance"], ClaimPath.Read(json, "resource_access.involvement.roles"));
    }
}
