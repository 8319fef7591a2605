using System.Diagnostics;

namespace Involvement.Recruitment.Matching;

/// <summary>
/// Loads the match pool once the service has started, so the first match does not wait for a large pool to be read,
/// and so the load does not hold back start-up (readiness does not wait for it: a match that comes first waits for
/// the load instead). If the database is not ready yet, the first match loads the pool.
/// </summary>
public sealed partial class MatchPoolWarmUp(MatchPool pool, IHostApplicationLifetime lifetime, ILogger<MatchPoolWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(started.SetResult))
            {
                await started.Task.WaitAsync(stoppingToken);
            }

            var watch = Stopwatch.StartNew();
            var members = await pool.CurrentAsync(stoppingToken);
            LogLoaded(logger, members.Count, watch.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDeferred(logger, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Match pool loaded: {Members} members in {Milliseconds} ms")]
    private static partial void LogLoaded(ILogger logger, int members, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Match pool not loaded at start ({Error}); the first match will load it")]
    private static partial void LogDeferred(ILogger logger, string error);
}
