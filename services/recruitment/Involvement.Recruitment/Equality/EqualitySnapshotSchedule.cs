using Involvement.BuildingBlocks.Data;
using Microsoft.Extensions.Options;

namespace Involvement.Recruitment.Equality;

/// <summary>Publishes an equality snapshot every <see cref="RecruitmentOptions.EqualitySnapshotHours"/> hours.</summary>
public sealed partial class EqualitySnapshotSchedule(
    Db db, EqualitySnapshots snapshots, IOptions<RecruitmentOptions> options, TimeProvider clock, ILogger<EqualitySnapshotSchedule> logger)
    : BackgroundService
{
    // Checks far more often than the interval, so a restart or a replica that was down does not push a snapshot back.
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromHours(options.Value.EqualitySnapshotHours);
        using var timer = new PeriodicTimer(CheckEvery < interval ? CheckEvery : interval, clock);
        do
        {
            try
            {
                if (await db.InTransactionAsync(unit => snapshots.TakeIfDueAsync(unit, interval), stoppingToken))
                {
                    LogTaken(logger);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);   // the database may be briefly away; the next check tries again
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 3100, EventName = "EqualitySnapshotTaken", Level = LogLevel.Information, Message = "Published the scheduled equality snapshot")]
    private static partial void LogTaken(ILogger logger);

    [LoggerMessage(EventId = 3101, EventName = "EqualitySnapshotFailed", Level = LogLevel.Warning, Message = "Could not take the scheduled equality snapshot")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
