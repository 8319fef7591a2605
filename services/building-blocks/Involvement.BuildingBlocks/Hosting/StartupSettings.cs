using Involvement.BuildingBlocks.Configuration;
using Involvement.BuildingBlocks.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Involvement.BuildingBlocks.Hosting;

/// <summary>
/// The configuration check a start runs (every required setting and every <see cref="SettingsCheck"/>), shared by the
/// start itself and <c>check-settings</c>. <c>migrate</c> needs only the database's connection string. Nothing here
/// reaches the database or the broker.
/// </summary>
internal static class StartupSettings
{
    public static IReadOnlyList<string> Problems(IServiceProvider services, IConfiguration configuration, bool migrating)
    {
        var required = services.GetServices<RequiredSetting>()
            .Where(s => !migrating || s.Key == $"ConnectionStrings:{DatabaseOptions.ConnectionStringName}");
        var problems = SettingsValidator.FindProblems(configuration, required).ToList();
        if (!migrating)
        {
            problems.AddRange(services.GetServices<SettingsCheck>().SelectMany(check => Run(check, services)));
        }

        return problems;
    }

    private static List<string> Run(SettingsCheck check, IServiceProvider services)
    {
        try
        {
            return check.Problems(services).ToList();
        }
        catch (InvalidOperationException ex)
        {
            // A value that does not convert (say "soon" for a TimeSpan): the binder's message names the key.
            return [ex.Message];
        }
    }
}
