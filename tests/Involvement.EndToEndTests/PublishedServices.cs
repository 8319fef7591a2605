using System.Diagnostics;
using Involvement.TestKit;

namespace Involvement.EndToEndTests;

/// <summary>
/// The four services published as the Dockerfile publishes them (Release, framework-dependent, the apphost renamed
/// <c>service</c>), once for the test class: publishing costs tens of seconds per service.
/// </summary>
public sealed class PublishedServices : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("involvement-published-").FullName;

    /// <summary>The image's entrypoint for a service: its apphost, beside its dll.</summary>
    public string Entrypoint(string service) => Path.Combine(_root, service.ToLowerInvariant(), "service");

    public async Task InitializeAsync()
    {
        // One after another: they share the building blocks' Release build, which the first one makes.
        foreach (var service in new[] { "Recruitment", "Payments", "Training", "Reporting" })
        {
            var output = Path.GetDirectoryName(Entrypoint(service))!;
            var project = $"services/{service.ToLowerInvariant()}/Involvement.{service}/Involvement.{service}.csproj";
            var publish = new ProcessStartInfo("dotnet",
                ["publish", project, "-c", "Release", "-o", output, "--no-self-contained", "-p:UseAppHost=true", "--nologo", "-v", "q"])
            {
                WorkingDirectory = ServiceProcess.RepositoryRoot(),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var (exitCode, log) = await ServiceProcess.RunToExitAsync(publish, TimeSpan.FromMinutes(5));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish {project} failed ({exitCode}):\n{log}");
            }

            File.Move(Path.Combine(output, $"Involvement.{service}"), Entrypoint(service));
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
