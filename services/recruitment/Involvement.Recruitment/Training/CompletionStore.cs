using Involvement.BuildingBlocks.Time;
using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Training;

/// <summary>
/// Training completions, one per member and module: the latest completion wins, wherever it came from, and an
/// expiry only lapses the completion it refers to (never a renewal that overtook it).
/// </summary>
public sealed class CompletionStore(Db db, TimeProvider clock)
{
    public const string FromTrainingService = "training_service";
    public const string ByHand = "by_hand";

    public async Task<Completion> RecordByHandAsync(UnitOfWork unit, Guid memberId, string moduleCode, DateOnly completedOn, DateOnly? expiresOn, string evidence, string actor)
    {
        await MemberGuard.LockWritableAsync(unit, memberId);
        var now = clock.GetUtcNowForDatabase();
        var written = await UpsertAsync(unit, memberId, moduleCode, completedOn, expiresOn, ByHand, evidence, actor, now);
        if (written == 0)
        {
            throw new ConflictException($"A later completion of {moduleCode} is already recorded for this member.");
        }

        await unit.PublishAsync(new CompletionRecordedByHand(Guid.CreateVersion7(now), now, 1, memberId, moduleCode, completedOn, expiresOn));
        return (await ListAsync(unit, memberId)).Single(c => c.ModuleCode == moduleCode);
    }

    /// <summary>Takes a completion from the training service; members recruitment does not hold are not its concern.</summary>
    public Task<int> RecordFromTrainingAsync(UnitOfWork unit, Guid memberId, string moduleCode, DateOnly completedOn, DateOnly? expiresOn) =>
        UpsertAsync(unit, memberId, moduleCode, completedOn, expiresOn, FromTrainingService, null, "training-service", clock.GetUtcNowForDatabase());

    /// <param name="completedOn">The completion that lapsed, when the event says: a renewal that arrived first stands.</param>
    public Task<int> ExpireAsync(UnitOfWork unit, Guid memberId, string moduleCode, DateOnly expiredOn, DateOnly? completedOn) =>
        unit.ExecuteAsync(
            """
            update training_completions set expired = true, expires_on = least(coalesce(expires_on, @expiredOn), @expiredOn)
            where member_id = @memberId and module_code = @moduleCode and completed_on <= @expiredOn
              and (@completedOn::date is null or completed_on = @completedOn)
            """,
            new { memberId, moduleCode, expiredOn, completedOn });

    public async Task<IReadOnlyList<Completion>> ListAsync(UnitOfWork unit, Guid memberId)
    {
        var today = clock.Today();
        var rows = await unit.QueryAsync<CompletionRow>(
            """
            select member_id, module_code, completed_on, expires_on, expired, source, evidence, recorded_at
            from training_completions where member_id = @memberId order by module_code
            """,
            new { memberId });
        return rows.Select(r => r.ToMessage(today)).ToList();
    }

    public Task<IReadOnlyList<Completion>> ListAsync(Guid memberId, CancellationToken cancellationToken) =>
        db.InTransactionAsync(unit => ListAsync(unit, memberId), cancellationToken);

    private static Task<int> UpsertAsync(UnitOfWork unit, Guid memberId, string moduleCode, DateOnly completedOn, DateOnly? expiresOn, string source,
        string? evidence, string actor, DateTimeOffset now) =>
        unit.ExecuteAsync(
            """
            insert into training_completions (member_id, module_code, completed_on, expires_on, expired, source, evidence, recorded_at, recorded_by)
            select @memberId, @moduleCode, @completedOn, @expiresOn, false, @source, @evidence, @now, @actor
            where exists (select 1 from members where member_id = @memberId and erased_at is null)
            on conflict (member_id, module_code) do update
                set completed_on = excluded.completed_on, expires_on = excluded.expires_on, expired = false, source = excluded.source,
                    evidence = excluded.evidence, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by
                where training_completions.completed_on <= excluded.completed_on
            """,
            new { memberId, moduleCode, completedOn, expiresOn, source, evidence, now = now.UtcDateTime, actor });

    private sealed class CompletionRow
    {
        public Guid MemberId { get; init; }
        public string ModuleCode { get; init; } = "";
        public DateOnly CompletedOn { get; init; }
        public DateOnly? ExpiresOn { get; init; }
        public bool Expired { get; init; }
        public string Source { get; init; } = "";
        public string? Evidence { get; init; }
        public DateTime RecordedAt { get; init; }

        public Completion ToMessage(DateOnly today) => new()
        {
            MemberId = MemberId.ToString(),
            ModuleCode = ModuleCode,
            CompletedOn = ProtoDates.ToProto(CompletedOn),
            ExpiresOn = ProtoDates.ToProto(ExpiresOn),
            Expired = Expired || ExpiresOn <= today,
            Source = Source,
            Evidence = Evidence ?? "",
            RecordedAt = Timestamp.FromDateTime(RecordedAt),
        };
    }
}
