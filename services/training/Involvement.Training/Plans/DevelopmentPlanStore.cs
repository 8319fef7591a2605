using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Training.Learners;
using Involvement.Training.Members;
using Involvement.Training.V1;

namespace Involvement.Training.Plans;

/// <summary>Development goals and their progress notes.</summary>
public sealed class DevelopmentPlanStore(Db db, TimeProvider clock)
{
    public const string OverdueTokenList = "overdue-reviews";

    private const string SelectGoals =
        """
        select goal_id, learner_id, title, description, target_on, review_on, status, version, created_at, updated_at
        from development_goals
        """;

    public async Task<DevelopmentGoal> AddAsync(UnitOfWork unit, Guid learnerId, ValidGoal goal, string actor)
    {
        await LearnerDirectory.ResolveForChangeAsync(unit, learnerId);
        var now = clock.GetUtcNowForDatabase();
        var id = Guid.CreateVersion7(now);
        await unit.ExecuteAsync(
            """
            insert into development_goals (goal_id, learner_id, title, description, target_on, review_on, status, version, created_at, created_by, updated_at, updated_by)
            values (@id, @learnerId, @Title, @Description, @TargetOn, @ReviewOn, 'open', 1, @now, @actor, @now, @actor)
            """,
            new { id, learnerId, goal.Title, goal.Description, goal.TargetOn, goal.ReviewOn, now = now.UtcDateTime, actor });
        return await ReadAsync(unit, id);
    }

    /// <param name="ownOnly">The member the caller is confined to; a goal of anyone else's is refused as if unseen.</param>
    public async Task<DevelopmentGoal> UpdateAsync(UnitOfWork unit, Guid goalId, long expectedVersion, ValidGoal goal, GoalStatus status, string actor, Guid? ownOnly)
    {
        var version = await LockAsync(unit, goalId, ownOnly);
        Versions.EnsureCurrent("Goal", goalId, version, expectedVersion);
        await unit.ExecuteAsync(
            """
            update development_goals set title = @Title, description = @Description, target_on = @TargetOn, review_on = @ReviewOn,
                status = @status, version = version + 1, updated_at = @now, updated_by = @actor
            where goal_id = @goalId
            """,
            new { goalId, goal.Title, goal.Description, goal.TargetOn, goal.ReviewOn, status = CodeNames.Of(status), now = clock.GetUtcNowForDatabase().UtcDateTime, actor });
        return await ReadAsync(unit, goalId);
    }

    public async Task<DevelopmentGoal> AddNoteAsync(UnitOfWork unit, Guid goalId, string note, string actor, Guid? ownOnly)
    {
        await LockAsync(unit, goalId, ownOnly);
        var now = clock.GetUtcNowForDatabase();
        await unit.ExecuteAsync(
            "insert into goal_progress_notes (note_id, goal_id, note, noted_at, noted_by) values (@id, @goalId, @note, @now, @actor)",
            new { id = Guid.CreateVersion7(now), goalId, note, now = now.UtcDateTime, actor });
        return await ReadAsync(unit, goalId);
    }

    /// <exception cref="NotFoundException">Training knows no such learner.</exception>
    public Task<IReadOnlyList<DevelopmentGoal>> PlanAsync(Guid learnerId, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async unit =>
        {
            await LearnerDirectory.ResolveAsync(unit, learnerId);
            return await GoalsAsync(unit, "learner_id = @learnerId order by goal_id desc", new { learnerId });
        }, cancellationToken);

    /// <summary>Open goals whose review date is before today, by goal.</summary>
    public async Task<Page<OverdueReview>> ListOverdueAsync(int pageSize, Guid? after, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var rows = await db.QueryAsync<OverdueRow>(
            $"""
            select g.goal_id, g.learner_id, {LearnerNames.Name("n")} as learner_name, g.title, g.review_on
            from development_goals g {LearnerNames.Join("n", "g.learner_id")}
            where g.status = 'open' and g.review_on < @today and (@after::uuid is null or g.goal_id > @after)
            order by g.goal_id limit @limit
            """,
            new { today, after, limit = pageSize + 1 }, cancellationToken);
        return Page.Of(rows, pageSize, OverdueTokenList, r => r.GoalId).Select(r => new OverdueReview
        {
            GoalId = r.GoalId.ToString(), LearnerId = r.LearnerId.ToString(), LearnerName = r.LearnerName, Title = r.Title,
            ReviewOn = ProtoDates.ToProto(r.ReviewOn), DaysOverdue = today.DayNumber - r.ReviewOn.DayNumber,
        });
    }

    /// <summary>Subject access: the member's goals with their notes.</summary>
    public Task<IReadOnlyList<DevelopmentGoal>> ListForMemberAsync(UnitOfWork unit, Guid memberId) =>
        GoalsAsync(unit, "learner_id = @memberId order by goal_id", new { memberId });

    /// <summary>
    /// Erasure: the member's own words go (titles, descriptions, progress notes), and so do the stored answers to
    /// AddGoal and AddProgressNote retries, which repeat them (every one names the member's id); that they had goals,
    /// with their dates and statuses, stays, which names no one.
    /// </summary>
    public async Task EraseMemberAsync(UnitOfWork unit, Guid memberId)
    {
        await unit.ExecuteAsync(
            """
            delete from goal_progress_notes where goal_id in (select goal_id from development_goals where learner_id = @memberId);
            update development_goals set title = '', description = '', version = version + 1, updated_at = now(), updated_by = 'erasure'
            where learner_id = @memberId
            """,
            new { memberId });
        await IdempotentRequests.ForgetResponsesMentioningAsync(unit, memberId.ToString());
    }

    /// <summary>Locks a goal to change it; an erased member's goals take no new words.</summary>
    private static async Task<long> LockAsync(UnitOfWork unit, Guid goalId, Guid? ownOnly)
    {
        var goal = await unit.QuerySingleOrDefaultAsync<GoalLock>(
            "select learner_id, version from development_goals where goal_id = @goalId for update", new { goalId });
        if (ownOnly is { } self && goal?.LearnerId != self)
        {
            throw new PermissionDeniedException("A member may only see and change their own goals.");
        }

        if (goal is null)
        {
            throw new NotFoundException($"No goal has id {goalId}.");
        }

        await LearnerDirectory.ResolveForChangeAsync(unit, goal.LearnerId);
        return goal.Version;
    }

    private static async Task<DevelopmentGoal> ReadAsync(UnitOfWork unit, Guid goalId) =>
        (await GoalsAsync(unit, "goal_id = @goalId", new { goalId })).Single();

    private static async Task<IReadOnlyList<DevelopmentGoal>> GoalsAsync(UnitOfWork unit, string where, object args)
    {
        var goals = (await unit.QueryAsync<GoalRow>($"{SelectGoals} where {where}", args)).ToList();
        var ids = goals.Select(g => g.GoalId).ToArray();
        var notes = (await unit.QueryAsync<NoteRow>(
            "select note_id, goal_id, note, noted_at, noted_by from goal_progress_notes where goal_id = any(@ids) order by note_id", new { ids }))
            .ToLookup(n => n.GoalId);
        return [.. goals.Select(g => g.ToMessage(notes[g.GoalId]))];
    }

    private sealed record GoalLock(Guid LearnerId, long Version);

    private sealed class GoalRow
    {
        public Guid GoalId { get; init; }
        public Guid LearnerId { get; init; }
        public string Title { get; init; } = "";
        public string Description { get; init; } = "";
        public DateOnly TargetOn { get; init; }
        public DateOnly ReviewOn { get; init; }
        public string Status { get; init; } = "";
        public long Version { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }

        public DevelopmentGoal ToMessage(IEnumerable<NoteRow> notes) => new()
        {
            GoalId = GoalId.ToString(), LearnerId = LearnerId.ToString(), Title = Title, Description = Description,
            TargetOn = ProtoDates.ToProto(TargetOn), ReviewOn = ProtoDates.ToProto(ReviewOn), Status = CodeNames.Parse<GoalStatus>(Status),
            Version = Version, CreatedAt = Timestamp.FromDateTime(CreatedAt), UpdatedAt = Timestamp.FromDateTime(UpdatedAt),
            Notes = { notes.Select(n => n.ToMessage()) },
        };
    }

    private sealed class NoteRow
    {
        public Guid NoteId { get; init; }
        public Guid GoalId { get; init; }
        public string Note { get; init; } = "";
        public DateTime NotedAt { get; init; }
        public string NotedBy { get; init; } = "";

        public ProgressNote ToMessage() => new() { NoteId = NoteId.ToString(), Note = Note, NotedAt = Timestamp.FromDateTime(NotedAt), NotedBy = NotedBy };
    }

    private sealed class OverdueRow
    {
        public Guid GoalId { get; init; }
        public Guid LearnerId { get; init; }
        public string LearnerName { get; init; } = "";
        public string Title { get; init; } = "";
        public DateOnly ReviewOn { get; init; }
    }
}
