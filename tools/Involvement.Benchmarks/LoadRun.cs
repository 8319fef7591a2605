using System.Diagnostics;

namespace Involvement.Benchmarks;

/// <summary>Closed-loop load: a fixed number of callers, each calling again as soon as its last call returns.</summary>
public sealed record LoadResult(string Name, int Callers, long Calls, long Errors, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double PerSecond => Calls / Elapsed.TotalSeconds;

    public override string ToString() =>
        $"{Name,-28} {Callers,3} callers  {PerSecond,9:F0} calls/s  p50 {P50Ms,7:F2} ms  p99 {P99Ms,7:F2} ms  ({Calls} calls, {Errors} errors, {Elapsed.TotalSeconds:F0}s)";
}

public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(string name, int callers, TimeSpan warmUp, TimeSpan duration, Func<int, long, Task> call)
    {
        await DriveAsync(callers, warmUp, call, record: null);
        var latencies = new List<double>[callers];
        var errors = 0L;
        var watch = Stopwatch.StartNew();
        await DriveAsync(callers, duration, call, (caller, ms, ok) =>
        {
            (latencies[caller] ??= []).Add(ms);
            if (!ok)
            {
                Interlocked.Increment(ref errors);
            }
        });
        watch.Stop();
        var all = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, callers, all.Length, errors, watch.Elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static Task DriveAsync(int callers, TimeSpan duration, Func<int, long, Task> call, Action<int, double, bool>? record)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (long i = 0; Stopwatch.GetTimestamp() < until; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var ok = true;
                try
                {
                    await call(caller, i);
                }
                catch (Exception e) when (e is Grpc.Core.RpcException or HttpRequestException)
                {
                    ok = false;
                }

                record?.Invoke(caller, Stopwatch.GetElapsedTime(start).TotalMilliseconds, ok);
            }
        })));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
