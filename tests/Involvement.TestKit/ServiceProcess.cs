using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Involvement.TestKit;

/// <summary>One service running as its own process, as it would in production, with its output in a log file.</summary>
/// <param name="program">What to run: the service's build output unless given (a published dll, or an apphost).</param>
public sealed class ServiceProcess(string name, IReadOnlyDictionary<string, string?> settings, string logDirectory, string? program = null)
    : IAsyncDisposable
{
    private Process? _process;

    public string Name { get; } = name;

    public int GrpcPort { get; } = FreePort();

    /// <summary>The HTTP/1.1 management port, where /metrics is served.</summary>
    public int ManagementPort { get; } = FreePort();

    /// <summary>The HTTP/1.1 port where the REST/JSON API (gRPC JSON transcoding) is served.</summary>
    public int RestPort { get; } = FreePort();

    public Uri RestAddress => new($"http://127.0.0.1:{RestPort}");

    public Uri Address => new($"http://127.0.0.1:{GrpcPort}");

    /// <summary>CPU time the running process has used so far (for benchmarks: CPU per call, whatever else the machine runs).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process!.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The running process's resident memory in bytes (for benchmarks: does memory stay flat under load).</summary>
    public long ResidentBytes
    {
        get
        {
            _process!.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>Where the process's output (JSON log lines) is written.</summary>
    public string LogPath => Path.Combine(logDirectory, $"{Name}.log");

    public bool HasExited => _process is { HasExited: true };

    public async Task StartAsync(bool waitUntilServing = true)
    {
        var settingsWithPorts = new Dictionary<string, string?>(settings)
        {
            ["Kestrel:Endpoints:Grpc:Url"] = Address.ToString(),
            ["Kestrel:Endpoints:Management:Url"] = $"http://127.0.0.1:{ManagementPort}",
            ["Kestrel:Endpoints:Rest:Url"] = RestAddress.ToString(),
        };
        _process = Process.Start(ProgramStartInfo(program ?? Program(Name), settingsWithPorts))!;
        var log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => Write(log, e.Data);
        _process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (waitUntilServing)
        {
            await WaitUntilServingAsync();
        }
    }

    /// <summary>How to start a service's built program with these settings (as environment variables) and arguments.</summary>
    public static ProcessStartInfo StartInfo(string name, IReadOnlyDictionary<string, string?> settings, params string[] args) =>
        ProgramStartInfo(Program(name), settings, args);

    /// <summary>How to start a program (a dll, run by dotnet, or an apphost) with these settings and arguments.</summary>
    public static ProcessStartInfo ProgramStartInfo(string program, IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var info = new ProcessStartInfo(
            program.EndsWith(".dll", StringComparison.Ordinal) ? "dotnet" : program,
            program.EndsWith(".dll", StringComparison.Ordinal) ? [program, .. args] : args)
        {
            WorkingDirectory = Path.GetDirectoryName(program)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var key in info.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);   // only the settings given here
        }

        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        // As the chart runs it, unless a test says otherwise (an identity provider on plain-HTTP loopback needs Development).
        if (!settings.ContainsKey("ASPNETCORE_ENVIRONMENT"))
        {
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        }

        return info;
    }

    /// <summary>Ends the process at once, as a crash or an evicted pod would: no graceful shutdown.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Asks the process to stop, as Kubernetes does (SIGTERM), and returns its exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        await SignalTerminateAsync();
        return await WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM and returns at once, while the process shuts down.</summary>
    public async Task SignalTerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the process to end (at most <paramref name="timeout"/>, default 30 s) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        await _process!.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>Runs a command (like <c>migrate</c>) to its end (at most <paramref name="timeout"/>, default 60 s): its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(ProcessStartInfo info, TimeSpan? timeout = null)
    {
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output + await error);
    }

    public async Task RestartAsync()
    {
        await KillAsync();
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    /// <summary>The log so far, read while the process may still be writing it.</summary>
    public async Task<string[]> LogLinesAsync()
    {
        await using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public GrpcChannel OpenChannel() => GrpcChannel.ForAddress(Address);

    private async Task WaitUntilServingAsync()
    {
        using var channel = OpenChannel();
        var health = new Health.HealthClient(channel);
        await Eventually.TrueAsync(
            async () =>
            {
                if (_process!.HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}; see {logDirectory}/{Name}.log");
                }

                try
                {
                    return (await health.CheckAsync(new HealthCheckRequest())).Status == HealthCheckResponse.Types.ServingStatus.Serving;
                }
                catch (RpcException)
                {
                    return false;   // not listening yet
                }
            },
            TimeSpan.FromSeconds(60), $"{Name} to report SERVING (see {logDirectory}/{Name}.log)");
    }

    private static string Program(string name)
    {
        // The test assembly and the services are built with the same configuration: bin/<configuration>/net10.0.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var root = RepositoryRoot();
        return Path.Combine(root, "services", name.ToLowerInvariant(), $"Involvement.{name}", "bin", configuration, "net10.0", $"Involvement.{name}.dll");
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Involvement.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Involvement.sln not found above the test assembly.");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
