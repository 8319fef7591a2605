using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Training;

namespace Involvement.Recruitment.Training;

/// <summary>Learns completions from the training service, for opportunity prerequisites.</summary>
public sealed class TrainingCompletedConsumer(Db db, CompletionStore completions) : IdempotentConsumer<TrainingCompleted>(db)
{
    protected override Task HandleAsync(TrainingCompleted message, UnitOfWork unit) =>
        completions.RecordFromTrainingAsync(unit, message.MemberId, message.ModuleCode, message.CompletedOn, message.ExpiresOn);
}

/// <summary>Lapses a completion the training service says has expired.</summary>
public sealed class TrainingExpiredConsumer(Db db, CompletionStore completions) : IdempotentConsumer<TrainingExpired>(db)
{
    protected override Task HandleAsync(TrainingExpired message, UnitOfWork unit) =>
        completions.ExpireAsync(unit, message.MemberId, message.ModuleCode, message.ExpiredOn, message.CompletedOn);
}

public sealed class TrainingCompletedConsumerDefinition : RetryingConsumerDefinition<TrainingCompletedConsumer>;

public sealed class TrainingExpiredConsumerDefinition : RetryingConsumerDefinition<TrainingExpiredConsumer>;
