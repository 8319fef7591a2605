namespace Involvement.Recruitment.Matching;

/// <summary>
/// Loads the match pool when the service starts, so the first match does not wait seconds for a large pool to be
/// read. If the database is not ready yet, the first match loads it instead.
/// </summary>
public sealed partial class MatchPoolWarmUp(MatchPool pool, ILogger<MatchPoolWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var members = await pool.CurrentAsync(stoppingToken);
            LogLoaded(logger, members.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDeferred(logger, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Match pool loaded: {Members} members")]
    private static partial void LogLoaded(ILogger logger, int members);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Match pool not loaded at start ({Error}); the first match will load it")]
    private static partial void LogDeferred(ILogger logger, string error);
}
