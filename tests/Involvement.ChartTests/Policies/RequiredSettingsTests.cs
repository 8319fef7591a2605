using System.Reflection;
using System.Text;
using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>
/// Every setting a service needs at start is provided: each Deployment's environment (its ConfigMap resolved, each
/// secretKeyRef replaced by a value valid for any secret here) is handed to the built service's `check-settings`
/// command, which validates configuration exactly as a start does (exit 0 valid, 2 with the problems on stderr).
/// </summary>
[Collection(ChartCollection.Name)]
public sealed class RequiredSettingsTests(ChartFixture chart)
{
    /// <summary>32 bytes in base64: long enough for the token signing key, and a valid AES-256 bank-details key.</summary>
    private static readonly string SecretPlaceholder = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static readonly string Configuration =
        typeof(RequiredSettingsTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    [Fact]
    public void Every_Deployment_provides_every_setting_its_service_requires_at_start()
    {
        var v = new Violations("every setting a service requires at start is provided");
        var checkedEnvironments = new HashSet<string>(StringComparer.Ordinal);
        foreach (var render in chart.OnePerSet)
        {
            foreach (var d in render.Deployments)
            {
                var service = d.Service ?? "";
                foreach (var c in Pods.MainContainers(d))
                {
                    var problems = new List<string>();
                    var env = Pods.Environment(render, c, SecretPlaceholder, problems);
                    foreach (var p in problems)
                        v.Add(render, d, p);
                    var key = service + "\n" + string.Join("\n", env.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));
                    if (!checkedEnvironments.Add(key))
                        continue;
                    if (CheckSettings(service, env) is { } failure)
                        v.Add(render, d, failure);
                }
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void Every_setting_given_in_values_reaches_its_service()
    {
        var v = new Violations("<service>.settings reach the container");
        foreach (var render in chart.OnePerSet)
        {
            foreach (var d in render.Deployments)
            {
                var given = Manifest.StringMap(render.Set[$"{d.Service}.settings"]);
                var env = Pods.Environment(render, Pods.MainContainers(d).First(), SecretPlaceholder, []);
                foreach (var (key, value) in given)
                {
                    if (env.GetValueOrDefault(key) != value)
                        v.Add(render, d, $"{key}={value} is set in values but the container has '{env.GetValueOrDefault(key) ?? "(nothing)"}'");
                }
            }
        }
        v.AssertNone();
    }

    private static string? CheckSettings(string service, Dictionary<string, string> env)
    {
        var name = "Involvement." + char.ToUpperInvariant(service[0]) + service[1..];
        var dir = Path.Combine(RepositoryPaths.Root, "services", service, name, "bin", Configuration, "net10.0");
        var dll = Path.Combine(dir, name + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        // Without the command the service would start for real (and bind its ports): refuse to run it then.
        var blocks = File.ReadAllBytes(Path.Combine(dir, "Involvement.BuildingBlocks.dll"));
        Assert.True(Contains(blocks, Encoding.Unicode.GetBytes("check-settings")),
            "the services have no `check-settings` command yet (H-images' building-blocks change): cannot check the settings");
        var result = ChartRenderer.Run("dotnet", [dll, "check-settings"], TimeSpan.FromMinutes(1), env, clearEnvironment: true, workingDirectory: dir);
        return result.ExitCode switch
        {
            0 => null,
            2 => $"check-settings refuses the pod's settings:\n      {result.Stderr.Trim().Replace("\n", "\n      ", StringComparison.Ordinal)}",
            _ => $"check-settings exited {result.ExitCode}:\n{result.Stderr.Trim()}\n{result.Stdout.Trim()}",
        };
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
