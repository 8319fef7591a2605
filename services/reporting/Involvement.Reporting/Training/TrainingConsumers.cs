using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Training;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Metrics;

namespace Involvement.Reporting.Training;

/// <summary>The read-model area the training consumers change.</summary>
public static class TrainingAreas
{
    public const string Training = "training";
}

/// <summary>A member's completion: one row per member, module and date, so a repeat changes nothing.</summary>
public sealed class TrainingCompletedConsumer(Db db) : ReportingConsumer<TrainingCompleted>(db)
{
    protected override string SourceService => DeployedServices.Training;

    protected override string Area => TrainingAreas.Training;

    protected override DateOnly AffectsFrom(TrainingCompleted message) => message.CompletedOn;

    public override Task ApplyAsync(TrainingCompleted message, UnitOfWork unit) =>
        TrainingCompletions.AddAsync(unit, TrainingCompletions.Member, message.MemberId, message.ModuleCode, message.CompletedOn);
}

/// <summary>A member of staff's completion, by training's pseudonymous learner id.</summary>
public sealed class StaffTrainingCompletedConsumer(Db db) : ReportingConsumer<StaffTrainingCompleted>(db)
{
    protected override string SourceService => DeployedServices.Training;

    protected override string Area => TrainingAreas.Training;

    protected override DateOnly AffectsFrom(StaffTrainingCompleted message) => message.CompletedOn;

    public override Task ApplyAsync(StaffTrainingCompleted message, UnitOfWork unit) =>
        TrainingCompletions.AddAsync(unit, TrainingCompletions.Staff, message.StaffLearnerId, message.ModuleCode, message.CompletedOn);
}

public static class TrainingCompletions
{
    public const string Member = "member";
    public const string Staff = "staff";

    public static Task AddAsync(UnitOfWork unit, string kind, Guid learnerId, string moduleCode, DateOnly completedOn) =>
        unit.ExecuteAsync(
            """
            insert into training_completions (learner_kind, learner_id, module_code, completed_on)
            values (@kind, @learnerId, @moduleCode, @completedOn)
            on conflict do nothing
            """,
            new { kind, learnerId, moduleCode, completedOn });
}

/// <summary>A certificate lapsed: one row per member, module and expiry date.</summary>
public sealed class TrainingExpiredConsumer(Db db) : ReportingConsumer<TrainingExpired>(db)
{
    protected override string SourceService => DeployedServices.Training;

    protected override string Area => TrainingAreas.Training;

    protected override DateOnly AffectsFrom(TrainingExpired message) => message.ExpiredOn;

    public override Task ApplyAsync(TrainingExpired message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into training_lapses (member_id, module_code, expired_on) values (@MemberId, @ModuleCode, @ExpiredOn)
            on conflict do nothing
            """,
            message);
}

/// <summary>A session held; a later version of the same session replaces an earlier one, an older one changes nothing.</summary>
public sealed class TrainingSessionHeldConsumer(Db db) : ReportingConsumer<TrainingSessionHeld>(db)
{
    protected override string SourceService => DeployedServices.Training;

    protected override string Area => TrainingAreas.Training;

    protected override DateOnly AffectsFrom(TrainingSessionHeld message) => message.HeldOn;

    public override Task ApplyAsync(TrainingSessionHeld message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into training_sessions_held (session_id, module_code, co_facilitated, held_on, version)
            values (@SessionId, @ModuleCode, @CoFacilitated, @HeldOn, @AggregateVersion)
            on conflict (session_id) do update
                set module_code = excluded.module_code, co_facilitated = excluded.co_facilitated, held_on = excluded.held_on,
                    version = excluded.version
                where training_sessions_held.version < excluded.version
            """,
            message);
}

/// <summary>A support session (recorded once, never changed) and who attended it.</summary>
public sealed class SupervisionRecordedConsumer(Db db) : ReportingConsumer<SupervisionRecorded>(db)
{
    protected override string SourceService => DeployedServices.Training;

    protected override string Area => TrainingAreas.Training;

    protected override DateOnly AffectsFrom(SupervisionRecorded message) => message.HeldOn;

    public override async Task ApplyAsync(SupervisionRecorded message, UnitOfWork unit)
    {
        await unit.ExecuteAsync(
            """
            insert into support_sessions (support_session_id, kind, held_on) values (@SupportSessionId, @Kind, @HeldOn)
            on conflict do nothing
            """,
            message);
        await unit.ExecuteAsync(
            """
            insert into support_session_members (support_session_id, member_id)
            select @SupportSessionId, m from unnest(@MemberIds) as m
            on conflict do nothing
            """,
            new { message.SupportSessionId, MemberIds = message.MemberIds.ToArray() });
    }
}

/// <summary>A pairing began. The end may have arrived first: the start then fills nothing it already holds.</summary>
public sealed class MentoringPairStartedConsumer(Db db) : ReportingConsumer<MentoringPairStarted>(db)
{
    protected override string SourceService => DeployedServices.Training;

    protected override string Area => TrainingAreas.Training;

    protected override DateOnly AffectsFrom(MentoringPairStarted message) => message.StartedOn;

    public override Task ApplyAsync(MentoringPairStarted message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            "insert into mentoring_pairs (pairing_id, started_on) values (@PairingId, @StartedOn) on conflict do nothing",
            message);
}

/// <summary>A pairing ended: it carries the start date too, so it stands alone if the start has not arrived.</summary>
public sealed class MentoringPairEndedConsumer(Db db) : ReportingConsumer<MentoringPairEnded>(db)
{
    protected override string SourceService => DeployedServices.Training;

    protected override string Area => TrainingAreas.Training;

    protected override DateOnly AffectsFrom(MentoringPairEnded message) => message.StartedOn;

    public override Task ApplyAsync(MentoringPairEnded message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into mentoring_pairs (pairing_id, started_on, ended_on) values (@PairingId, @StartedOn, @EndedOn)
            on conflict (pairing_id) do update set ended_on = excluded.ended_on, started_on = excluded.started_on
            """,
            message);
}

public sealed class TrainingCompletedConsumerDefinition : RetryingConsumerDefinition<TrainingCompletedConsumer>;

public sealed class StaffTrainingCompletedConsumerDefinition : RetryingConsumerDefinition<StaffTrainingCompletedConsumer>;

public sealed class TrainingExpiredConsumerDefinition : RetryingConsumerDefinition<TrainingExpiredConsumer>;

public sealed class TrainingSessionHeldConsumerDefinition : RetryingConsumerDefinition<TrainingSessionHeldConsumer>;

public sealed class SupervisionRecordedConsumerDefinition : RetryingConsumerDefinition<SupervisionRecordedConsumer>;

public sealed class MentoringPairStartedConsumerDefinition : RetryingConsumerDefinition<MentoringPairStartedConsumer>;

public sealed class MentoringPairEndedConsumerDefinition : RetryingConsumerDefinition<MentoringPairEndedConsumer>;
