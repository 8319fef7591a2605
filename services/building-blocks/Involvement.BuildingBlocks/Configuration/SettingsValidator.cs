using Microsoft.Extensions.Configuration;

namespace Involvement.BuildingBlocks.Configuration;

/// <summary>Checks required settings before a service starts and says exactly what to set.</summary>
public static class SettingsValidator
{
    public static IReadOnlyList<string> FindProblems(IConfiguration configuration, IEnumerable<RequiredSetting> settings)
    {
        var problems = new List<string>();
        foreach (var setting in settings)
        {
            var value = configuration[setting.Key];
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{setting.Key} is not set (environment variable {setting.EnvironmentVariable}): {setting.Purpose}.");
                continue;
            }

            if (setting.Check?.Invoke(value) is { } problem)
            {
                problems.Add($"{setting.Key} {problem} (environment variable {setting.EnvironmentVariable}): {setting.Purpose}.");
            }
        }

        return problems;
    }

    public static string Describe(string serviceName, IReadOnlyList<string> problems) =>
        $"Involvement.{serviceName} cannot start because its configuration is incomplete:{Environment.NewLine}"
        + string.Join(Environment.NewLine, problems.Select(p => "  - " + p));
}
