using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.Training.DataProtection;

/// <summary>
/// Erases what training holds that identifies a member, in one transaction across every area (their name in
/// known_members is replaced by the member directory's own consumer). Completions, attendance and counts stay, anonymous.
/// </summary>
public sealed class LearnerErasureConsumer(Db db, LearnerData data) : IdempotentConsumer<MemberErased>(db)
{
    protected override Task HandleAsync(MemberErased message, UnitOfWork unit) => data.EraseAsync(unit, message.MemberId);
}

public sealed class LearnerErasureConsumerDefinition : RetryingConsumerDefinition<LearnerErasureConsumer>;
