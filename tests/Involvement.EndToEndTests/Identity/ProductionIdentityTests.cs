using Involvement.TestKit;

namespace Involvement.EndToEndTests.Identity;

/// <summary>
/// What a Production service (as the chart runs it) makes of its identity settings, checked by <c>check-settings</c>
/// without reaching the provider, the database or the broker.
/// </summary>
public sealed class ProductionIdentityTests
{
    private static Dictionary<string, string?> Settings(params (string Key, string? Value)[] auth)
    {
        var settings = ServiceSettings.For("recruitment", "e2e_identity_unused", "/");
        foreach (var (key, value) in auth)
        {
            if (value is null)
            {
                settings.Remove($"Auth:{key}");
            }
            else
            {
                settings[$"Auth:{key}"] = value;
            }
        }

        return settings;
    }

    private static Task<(int ExitCode, string Output)> CheckAsync(Dictionary<string, string?> settings) =>
        ServiceProcess.RunToExitAsync(ServiceProcess.StartInfo("Recruitment", settings, "check-settings"));

    [Fact]
    public async Task A_signing_key_is_refused_unless_a_setting_says_so()
    {
        var (exitCode, output) = await CheckAsync(Settings(("AllowSigningKeyInProduction", null)));

        Assert.Equal(2, exitCode);
        Assert.Contains("Auth__AllowSigningKeyInProduction=true", output, StringComparison.Ordinal);
        Assert.DoesNotContain(TestAuth.Options.SigningKey, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authority_alone_passes_without_its_discovery_document_being_fetched()
    {
        // .invalid never resolves: a check that fetched discovery would fail or hang.
        var (exitCode, output) = await CheckAsync(Settings(("Authority", "https://login.example.invalid/tenant/v2.0"),
            ("SigningKey", null), ("Issuer", null), ("AllowSigningKeyInProduction", null), ("RoleClaimPath", "realm_access.roles")));

        Assert.True(exitCode == 0, output);
        Assert.Equal("settings OK", output.Trim());
    }

    [Fact]
    public async Task Keys_over_plain_http_are_refused()
    {
        var (exitCode, output) = await CheckAsync(Settings(("Authority", "http://keycloak.example.invalid/realms/trust"),
            ("RequireHttpsMetadata", "false"), ("SigningKey", null), ("AllowSigningKeyInProduction", null)));

        Assert.Equal(2, exitCode);
        Assert.Contains("Auth__RequireHttpsMetadata is false", output, StringComparison.Ordinal);
        Assert.Contains("is http, which a Production service refuses", output, StringComparison.Ordinal);
    }
}
