using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>
/// default.auth: the trust's identity provider in production; the shared signing key only where it is explicitly
/// accepted, as the services themselves decide at start (check-settings, which RequiredSettingsTests runs on every set).
/// </summary>
[Collection(ChartCollection.Name)]
public sealed class AuthValuesTests(ChartFixture chart)
{
    private static readonly string AllServices = Path.Combine(RepositoryPaths.ChartDir, "ci", "all-services-values.yaml");

    [Fact]
    public void An_authority_configures_every_service_and_needs_no_signing_key()
    {
        var env = Environment(chart.RenderedOverriding(AllServices, "{}\n"), "recruitment");
        Assert.Equal("https://login.trust.example.nhs.uk/realms/involvement", env.GetValueOrDefault("Auth__Authority"));
        Assert.Equal("api://involvement,6f1c2a0e-3b4d-4e8f-9a7b-2c5d8e1f0a93", env.GetValueOrDefault("Auth__Audience"));
        Assert.Equal("realm_access.roles", env.GetValueOrDefault("Auth__RoleClaimPath"));
        Assert.Equal("involvement_member_id", env.GetValueOrDefault("Auth__MemberIdClaim"));
        Assert.False(env.ContainsKey("Auth__SigningKey"), "a signing key reached the pod although none was named");
        Assert.False(env.ContainsKey("Auth__AllowSigningKeyInProduction"));
    }

    [Fact]
    public void Neither_an_authority_nor_a_signing_key_is_refused_naming_the_authority()
    {
        var result = chart.RenderOverriding(AllServices, "default:\n  auth:\n    authority: \"\"\n");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("default.auth.authority is required", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signing_key_in_production_is_refused_unless_explicitly_allowed()
    {
        const string key = "default:\n  auth:\n    authority: \"\"\n    existingSecret: involvement-auth\n    issuer: https://involvement.example/\n";
        var refused = chart.RenderOverriding(AllServices, key);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("allowSigningKeyInProduction", refused.Stderr, StringComparison.Ordinal);

        var allowed = chart.RenderedOverriding(AllServices, (key + "    allowSigningKeyInProduction: true\n"));
        var env = Environment(allowed, "payments");
        Assert.Equal("true", env.GetValueOrDefault("Auth__AllowSigningKeyInProduction"));
        Assert.Equal("https://involvement.example/", env.GetValueOrDefault("Auth__Issuer"));
        Assert.StartsWith("secret:involvement-auth/signing-key", env.GetValueOrDefault("Auth__SigningKey"), StringComparison.Ordinal);

        var development = chart.RenderedOverriding(AllServices, (key + "  environment: Development\n"));
        Assert.False(Environment(development, "payments").ContainsKey("Auth__AllowSigningKeyInProduction"));
    }

    [Fact]
    public void The_rest_port_is_served_and_reachable_like_the_grpc_port()
    {
        var render = chart.RenderedOverriding(AllServices, "{}\n");
        var env = Environment(render, "training");
        Assert.Equal("http://0.0.0.0:8081", env.GetValueOrDefault("Kestrel__Endpoints__Rest__Url"));
        var policy = render.OfKind("NetworkPolicy").First(p => p.Name.EndsWith("-training", StringComparison.Ordinal));
        var grpcRule = policy.Json["spec"]!["ingress"].Objects().Single(r => r["ports"].Objects().Any(p => p["port"]?.ToString() == "8080"));
        Assert.Contains(grpcRule["ports"].Objects(), p => p["port"]?.ToString() == "8081");
    }

    [Fact]
    public void The_services_but_not_the_migration_jobs_may_reach_the_identity_provider_on_the_authoritys_port()
    {
        static bool Reaches(Manifest policy, string port) =>
            policy.Json["spec"]!["egress"].Objects().Any(r => r["ports"].Objects().Any(p => p["port"]?.ToString() == port));

        var standard = chart.RenderedOverriding(AllServices, "{}\n").OfKind("NetworkPolicy").ToList();
        Assert.True(Reaches(standard.Single(p => p.Name == "involvement-payments"), "443"), "no egress to the identity provider on 443");

        var ownPort = chart.RenderedOverriding(AllServices, "default:\n  auth:\n    authority: https://keycloak.trust.example:8443/realms/involvement\n")
            .OfKind("NetworkPolicy").ToList();
        Assert.True(Reaches(ownPort.Single(p => p.Name == "involvement-payments"), "8443"), "no egress to the identity provider on its URL's port");
        Assert.False(Reaches(ownPort.Single(p => p.Name == "involvement-payments-migrate"), "8443"), "a migration job may reach the identity provider");
    }

    /// <summary>The pod's environment, its Secret references shown as <c>secret:name/key</c>.</summary>
    private static Dictionary<string, string> Environment(Render render, string service)
    {
        var deployment = render.Deployments.Single(d => d.Service == service);
        var problems = new List<string>();
        var container = Pods.MainContainers(deployment).First();
        var env = Pods.Environment(render, container, "placeholder", problems);
        Assert.Empty(problems);
        foreach (var entry in container["env"].Objects())
        {
            if (entry["valueFrom"]?["secretKeyRef"] is { } secret)
                env[entry["name"]!.ToString()] = $"secret:{secret["name"]}/{secret["key"]}";
        }
        return env;
    }
}
