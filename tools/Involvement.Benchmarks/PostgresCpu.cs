using Dapper;
using Involvement.TestKit;
using Npgsql;

namespace Involvement.Benchmarks;

/// <summary>
/// CPU used by a local PostgreSQL server (the postmaster, its live backends and the children it has reaped), from
/// /proc: the fee benchmark's worktree runs a server of its own, so its CPU is the benchmark's database work.
/// </summary>
public static class PostgresCpu
{
    private const double TicksPerSecond = 100;   // USER_HZ on Linux

    /// <summary>The postmaster serving <paramref name="database"/>, or null where /proc is not there to read.</summary>
    public static async Task<int?> ServerPidAsync(string database)
    {
        await using var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString(database));
        var backend = await connection.ExecuteScalarAsync<int>("select pg_backend_pid()");
        return Stat(backend) is { } fields ? int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    public static TimeSpan Total(int server)
    {
        var ticks = 0L;
        if (Stat(server) is { } own)
        {
            ticks += Ticks(own, 11) + Ticks(own, 12) + Ticks(own, 13) + Ticks(own, 14);   // utime, stime, cutime, cstime
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } fields && fields[1] == server.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                ticks += Ticks(fields, 11) + Ticks(fields, 12);
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The fields of /proc/pid/stat after the command name (state first), or null if the process is gone.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Ticks(string[] fields, int index) => long.Parse(fields[index], System.Globalization.CultureInfo.InvariantCulture);
}
