using System.Diagnostics;
using System.Text.Json;
using Involvement.TestKit;

namespace Involvement.EndToEndTests.Cli;

/// <summary>What one run of the CLI gave: its exit code, stdout (the answer) and stderr (progress and errors) apart.</summary>
public sealed record CliResult(int Code, string Stdout, string Stderr)
{
    /// <summary>Stdout as JSON; fails the test with everything the CLI said when it is not.</summary>
    public JsonElement Json()
    {
        Assert.True(Code == 0, $"the CLI failed ({Code}):\n{Stdout}\n{Stderr}");
        try
        {
            return JsonDocument.Parse(Stdout).RootElement;
        }
        catch (JsonException ex)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not JSON ({ex.Message}):\n{Stdout}\nstderr:\n{Stderr}");
        }
    }

    public override string ToString() => $"exit {Code}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs the built CLI as a user would, with the test's token settings and nothing else from the environment that would change its behaviour.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var cli = Path.Combine(ServiceProcess.RepositoryRoot(), "tools", "Involvement.Cli", "bin", configuration, "net10.0", "involvement.dll");
        var info = new ProcessStartInfo("dotnet", [cli, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("INVOLVEMENT_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(inherited);
        }

        info.Environment["Auth__Issuer"] = TestAuth.Options.Issuer;
        info.Environment["Auth__Audience"] = TestAuth.Options.Audience;
        info.Environment["Auth__SigningKey"] = TestAuth.Options.SigningKey;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The CLI pointed at a running system through the INVOLVEMENT_* address variables.</summary>
    public static Task<CliResult> CliAsync(this SystemFixture system, params string[] args) => RunAsync(new Dictionary<string, string>
    {
        ["INVOLVEMENT_RECRUITMENT"] = system.Recruitment.Address.ToString(),
        ["INVOLVEMENT_PAYMENTS"] = system.Payments.Address.ToString(),
        ["INVOLVEMENT_TRAINING"] = system.Training.Address.ToString(),
        ["INVOLVEMENT_REPORTING"] = system.Reporting.Address.ToString(),
    }, args);
}

/// <summary>The CLI tests share one system of their own, so no other test's data is counted or matched.</summary>
[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "cli";
}
