using System.Diagnostics;

namespace Involvement.ChartTests.Rendering;

/// <summary>
/// How one render is asked for: value files in order, the cluster's extra APIs, install or upgrade, and (for an upgrade)
/// a manifest of the objects already in the cluster, which the chart's <c>lookup</c> finds (tools/chart-render only:
/// helm template has no cluster to look in).
/// </summary>
public sealed record RenderRequest(IReadOnlyList<string> ValueFiles, IReadOnlyList<string> ApiVersions, bool Upgrade, string? ExistingObjects = null)
{
    public const string Release = "involvement";
    public const string Namespace = "involvement";
}

public sealed record RenderResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Renders the chart with <c>helm template</c> when helm is on the path, otherwise with tools/chart-render (the same
/// template engine, test tooling only), built once per source version by scripts/chart-tools.sh.
/// </summary>
public sealed class ChartRenderer
{
    private readonly string _program;
    private readonly bool _helm;

    private ChartRenderer(string program, bool helm)
    {
        _program = program;
        _helm = helm;
    }

    /// <summary>helm template: no <c>lookup</c> of existing objects.</summary>
    public bool IsHelm => _helm;

    public string Description => _helm ? $"helm template ({_program})" : $"tools/chart-render ({_program})";

    public static ChartRenderer Create()
    {
        if (FindOnPath("helm") is { } helm)
            return new ChartRenderer(helm, helm: true);
        var build = Run("bash", [Path.Combine(RepositoryPaths.Root, "scripts", "chart-tools.sh"), "build"], TimeSpan.FromMinutes(5));
        if (build.ExitCode != 0)
            throw new InvalidOperationException($"scripts/chart-tools.sh build failed ({build.ExitCode}):\n{build.Stderr}{build.Stdout}");
        var binary = build.Stdout.Trim().Split('\n')[^1].Trim();
        if (!File.Exists(binary))
            throw new InvalidOperationException($"scripts/chart-tools.sh build printed no binary path:\n{build.Stdout}");
        return new ChartRenderer(binary, helm: false);
    }

    public RenderResult Render(RenderRequest request, string? chartDir = null)
    {
        chartDir ??= RepositoryPaths.ChartDir;
        var args = new List<string>();
        if (_helm)
            args.AddRange(["template", RenderRequest.Release, chartDir, "--namespace", RenderRequest.Namespace]);
        else
            args.AddRange(["--chart", chartDir, "--release", RenderRequest.Release, "--namespace", RenderRequest.Namespace]);
        foreach (var file in request.ValueFiles)
            args.AddRange(["-f", file]);
        if (request.ApiVersions.Count > 0)
        {
            if (_helm)
            {
                foreach (var api in request.ApiVersions)
                    args.AddRange(["--api-versions", api]);
            }
            else
            {
                args.AddRange(["--api-versions", string.Join(',', request.ApiVersions)]);
            }
        }
        if (request.Upgrade)
            args.Add(_helm ? "--is-upgrade" : "--upgrade");
        if (request.ExistingObjects is { } existing && !_helm)
            args.AddRange(["--existing", existing]);
        return Run(_program, args, TimeSpan.FromMinutes(1));
    }

    /// <summary>
    /// The NOTES.txt an install with these value files prints (its template errors fail a real install): helm's
    /// client-side dry run, or tools/chart-render --notes.
    /// </summary>
    public RenderResult RenderNotes(IReadOnlyList<string> valueFiles)
    {
        var args = _helm
            ? new List<string> { "install", RenderRequest.Release, RepositoryPaths.ChartDir, "--namespace", RenderRequest.Namespace, "--dry-run=client" }
            : ["--chart", RepositoryPaths.ChartDir, "--release", RenderRequest.Release, "--namespace", RenderRequest.Namespace, "--notes"];
        foreach (var file in valueFiles)
            args.AddRange(["-f", file]);
        return Run(_program, args, TimeSpan.FromMinutes(1));
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    public static RenderResult Run(string program, IEnumerable<string> args, TimeSpan timeout, IDictionary<string, string>? environment = null, bool clearEnvironment = false, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        if (clearEnvironment)
        {
            var keep = new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" };
            foreach (var key in start.Environment.Keys.ToList())
            {
                if (!keep.Contains(key, StringComparer.Ordinal))
                    start.Environment.Remove(key);
            }
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return new RenderResult(-1, stdout.Result, $"{program} did not finish within {timeout}\n{stderr.Result}");
        }
        return new RenderResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
