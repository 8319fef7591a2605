using Involvement.BuildingBlocks.Security;
using Involvement.TestKit;

namespace Involvement.EndToEndTests.Cli;

/// <summary>
/// A machine caller as a trust registers one: the CLI signs in with client credentials at the trust's identity provider
/// (INVOLVEMENT_AUTHORITY, _CLIENT_ID, _CLIENT_SECRET) and calls a service that trusts only that provider.
/// </summary>
public sealed class ClientCredentialsCliTests(ProviderOnlyRecruitment system) : IClassFixture<ProviderOnlyRecruitment>
{
    private Task<CliResult> AsClient(string clientId, string secret, params string[] args) => CliRunner.RunAsync(new Dictionary<string, string>
    {
        ["INVOLVEMENT_RECRUITMENT"] = system.Recruitment.Address.ToString(),
        ["INVOLVEMENT_AUTHORITY"] = system.Provider.Authority.AbsoluteUri,
        ["INVOLVEMENT_CLIENT_ID"] = clientId,
        ["INVOLVEMENT_CLIENT_SECRET"] = secret,
        ["INVOLVEMENT_OUTPUT"] = "json",
    }, args);

    [Fact]
    public async Task A_registered_system_signs_in_with_its_client_credentials_and_acts_in_its_granted_role()
    {
        var registered = (await AsClient("trust-referrals", "referrals-secret",
            "register-member", "--given-name", "Ada", "--family-name", "Referral", "--email", "ada@example.org")).Json();
        var memberId = registered.GetProperty("member").GetProperty("memberId").GetString();

        var read = (await AsClient("trust-referrals", "referrals-secret", "get-member", "--member-id", memberId!)).Json();
        Assert.Equal("Referral", read.GetProperty("member").GetProperty("familyName").GetString());
    }

    [Fact]
    public async Task A_system_not_granted_the_role_or_with_a_wrong_secret_is_refused_with_exit_5()
    {
        var notGranted = await AsClient("trust-dashboard", "dashboard-secret", "register-member", "--given-name", "Ada", "--family-name", "Nope");
        Assert.True(notGranted.Code == 5, notGranted.ToString());

        var wrongSecret = await AsClient("trust-referrals", "not-the-secret", "list-members");
        Assert.True(wrongSecret.Code == 5, wrongSecret.ToString());
        Assert.Contains("client credentials", wrongSecret.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", wrongSecret.Stderr + wrongSecret.Stdout, StringComparison.Ordinal);
    }
}

/// <summary>Recruitment trusting only a test identity provider, which has two machine callers registered.</summary>
public sealed class ProviderOnlyRecruitment : IAsyncLifetime
{
    private readonly string _logs = Directory.CreateTempSubdirectory("involvement-cli-cc-").FullName;

    public TestIdentityProvider Provider { get; private set; } = null!;

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    public ServiceProcess Recruitment { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        Provider.RegisterClient("trust-referrals", "referrals-secret", Roles.PpiTeam);
        Provider.RegisterClient("trust-dashboard", "dashboard-secret", Roles.ReportingConsumer);
        VirtualHost = await TestVirtualHost.CreateAsync();
        var database = TestInfrastructure.UniqueDatabaseName("e2e_cli_cc");
        await TestInfrastructure.CreateDatabaseAsync(database, "recruitment");
        var settings = ServiceSettings.For("recruitment", database, VirtualHost.Name);
        settings.Remove("Auth:SigningKey");   // the provider's tokens only, as in production
        settings.Remove("Auth:Issuer");
        foreach (var (key, value) in Provider.Settings(TestIdentityProvider.DefaultAudience))
        {
            settings[key] = value;
        }

        settings["ASPNETCORE_ENVIRONMENT"] = "Development";   // the test provider serves its keys over loopback HTTP
        Recruitment = new ServiceProcess("Recruitment", settings, _logs);
        await Recruitment.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Recruitment.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
