using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts;
using Involvement.Contracts.Training;
using Microsoft.Extensions.Options;

namespace Involvement.Training.Expiry;

/// <summary>What one sweep published.</summary>
public sealed record SweepResult(int Expired, int RenewalDue);

/// <summary>
/// Every <see cref="TrainingOptions.ExpirySweepInterval"/>, publishes TrainingExpired for each member's current
/// certificate whose expires_on has come, and TrainingRenewalDue for each within Training__RenewalDueDays of it.
/// Each batch marks the certificates it publishes in the same transaction as the events, and takes them with
/// <c>for update skip locked</c>, so several replicas sweeping at once share the work and publish each event once.
/// A superseded certificate (renewed, or replaced by a later completion) publishes neither; staff certificates lapse
/// silently, as there is no member to tell.
/// </summary>
public sealed partial class ExpirySweep(Db db, IOptions<TrainingOptions> options, TimeProvider clock, ILogger<ExpirySweep> logger) : BackgroundService
{
    /// <summary>Sweeps now, batch after batch until nothing is due (operators and tests call this).</summary>
    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var expired = await DrainAsync(PublishExpiredAsync, cancellationToken);
        var renewalDue = await DrainAsync(PublishRenewalDueAsync, cancellationToken);
        if (expired + renewalDue > 0)
        {
            LogSwept(logger, expired, renewalDue);
        }

        return new SweepResult(expired, renewalDue);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExpirySweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);   // the database may be briefly away; the next tick tries again
            }
        }
    }

    private async Task<int> DrainAsync(Func<UnitOfWork, Task<int>> batch, CancellationToken cancellationToken)
    {
        var total = 0;
        int published;
        do
        {
            published = await db.InTransactionAsync(batch, cancellationToken);
            total += published;
        }
        while (published == options.Value.ExpirySweepBatchSize);

        return total;
    }

    private async Task<int> PublishExpiredAsync(UnitOfWork unit)
    {
        var now = clock.GetUtcNowForDatabase();
        var due = (await unit.QueryAsync<DueRow>(
            """
            with due as (
                select certificate_id from certificates
                where learner_kind = 'member' and superseded_by is null and expires_on is not null and expiry_published_at is null
                  and expires_on <= @today
                order by expires_on
                limit @batch
                for update skip locked)
            update certificates c set expiry_published_at = @now
            from due where c.certificate_id = due.certificate_id
            returning c.certificate_id, c.learner_id, c.module_code, c.completed_on, c.expires_on
            """,
            new { today = clock.Today(), batch = options.Value.ExpirySweepBatchSize, now })).ToList();
        await unit.PublishAllAsync(due
            .Select(c => (IIntegrationEvent)new TrainingExpired(Guid.CreateVersion7(now), now, 1, c.LearnerId, c.ModuleCode, c.ExpiresOn, c.CompletedOn))
            .ToList());
        return due.Count;
    }

    private async Task<int> PublishRenewalDueAsync(UnitOfWork unit)
    {
        var now = clock.GetUtcNowForDatabase();
        var today = clock.Today();
        var due = (await unit.QueryAsync<DueRow>(
            """
            with due as (
                select certificate_id from certificates
                where learner_kind = 'member' and superseded_by is null and expires_on is not null
                  and renewal_due_published_at is null and expiry_published_at is null
                  and expires_on > @today and expires_on <= @until
                order by expires_on
                limit @batch
                for update skip locked)
            update certificates c set renewal_due_published_at = @now
            from due where c.certificate_id = due.certificate_id
            returning c.certificate_id, c.learner_id, c.module_code, c.expires_on
            """,
            new { today, until = today.AddDays(options.Value.RenewalDueDays), batch = options.Value.ExpirySweepBatchSize, now })).ToList();
        await unit.PublishAllAsync(due
            .Select(c => (IIntegrationEvent)new TrainingRenewalDue(Guid.CreateVersion7(now), now, 1, c.CertificateId, c.LearnerId, c.ModuleCode, c.ExpiresOn))
            .ToList());
        return due.Count;
    }

    [LoggerMessage(EventId = 5335, EventName = "ExpirySwept", Level = LogLevel.Information,
        Message = "Expiry sweep published {Expired} TrainingExpired and {RenewalDue} TrainingRenewalDue")]
    private static partial void LogSwept(ILogger logger, int expired, int renewalDue);

    [LoggerMessage(EventId = 5336, EventName = "ExpirySweepFailed", Level = LogLevel.Warning, Message = "Could not sweep certificates for expiry")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    private sealed class DueRow
    {
        public Guid CertificateId { get; init; }
        public Guid LearnerId { get; init; }
        public string ModuleCode { get; init; } = "";
        public DateOnly CompletedOn { get; init; }
        public DateOnly ExpiresOn { get; init; }
    }
}
