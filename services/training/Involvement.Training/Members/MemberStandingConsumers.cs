using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.Training.Members;

/// <summary>A new member starts as an applicant at the level recruitment registered them at.</summary>
public sealed class MemberRegisteredStandingConsumer(Db db, MemberStandingStore standing) : IdempotentConsumer<MemberRegistered>(db)
{
    protected override async Task HandleAsync(MemberRegistered message, UnitOfWork unit)
    {
        await standing.LevelAsync(unit, message.MemberId, message.InvolvementLevel, message.AggregateVersion, message.RegisteredAt);
        await standing.StatusAsync(unit, message.MemberId, MemberStandingStore.Applicant, message.AggregateVersion, message.RegisteredAt);
    }
}

/// <summary>Follows a member's pyramid level (supervision is needed at and above Training__SupervisionLevel).</summary>
public sealed class MemberLevelStandingConsumer(Db db, MemberStandingStore standing) : IdempotentConsumer<MemberLevelChanged>(db)
{
    protected override Task HandleAsync(MemberLevelChanged message, UnitOfWork unit) =>
        standing.LevelAsync(unit, message.MemberId, message.InvolvementLevel, message.AggregateVersion, message.OccurredAt);
}

/// <summary>Follows a member's status (only active members need a mentor or supervision).</summary>
public sealed class MemberStatusStandingConsumer(Db db, MemberStandingStore standing) : IdempotentConsumer<MemberStatusChanged>(db)
{
    protected override Task HandleAsync(MemberStatusChanged message, UnitOfWork unit) =>
        standing.StatusAsync(unit, message.MemberId, message.Status, message.AggregateVersion, message.OccurredAt);
}

public sealed class MemberRegisteredStandingConsumerDefinition : RetryingConsumerDefinition<MemberRegisteredStandingConsumer>;

public sealed class MemberLevelStandingConsumerDefinition : RetryingConsumerDefinition<MemberLevelStandingConsumer>;

public sealed class MemberStatusStandingConsumerDefinition : RetryingConsumerDefinition<MemberStatusStandingConsumer>;
