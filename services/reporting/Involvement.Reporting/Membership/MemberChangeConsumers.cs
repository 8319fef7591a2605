using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.Reporting.Membership;

/// <summary>Moves a member between pyramid levels in the counts.</summary>
public sealed class MemberLevelChangedConsumer(Db db) : IdempotentConsumer<MemberLevelChanged>(db)
{
    protected override Task HandleAsync(MemberLevelChanged message, UnitOfWork unit) =>
        MemberChanges.ApplyAsync(unit, message.MemberId,
            "update members set involvement_level = @InvolvementLevel, level_version = @AggregateVersion where member_id = @MemberId and level_version < @AggregateVersion",
            message);
}

/// <summary>Follows a member's status; members who have left are no longer counted.</summary>
public sealed class MemberStatusChangedConsumer(Db db) : IdempotentConsumer<MemberStatusChanged>(db)
{
    protected override Task HandleAsync(MemberStatusChanged message, UnitOfWork unit) =>
        MemberChanges.ApplyAsync(unit, message.MemberId,
            "update members set status = @Status, status_version = @AggregateVersion where member_id = @MemberId and status_version < @AggregateVersion",
            message);
}

public sealed class MemberLevelChangedConsumerDefinition : RetryingConsumerDefinition<MemberLevelChangedConsumer>;

public sealed class MemberStatusChangedConsumerDefinition : RetryingConsumerDefinition<MemberStatusChangedConsumer>;

internal static class MemberChanges
{
    /// <summary>
    /// Applies a change unless a newer one is already applied. A change for a member whose registration has not
    /// arrived yet fails, so the consumer's retries try again once it has (and nothing is recorded as handled).
    /// </summary>
    public static async Task ApplyAsync(UnitOfWork unit, Guid memberId, string update, object message)
    {
        if (await unit.ExecuteAsync(update, message) == 0
            && !await unit.Connection.ExecuteScalarAsync<bool>("select exists (select 1 from members where member_id = @memberId)", new { memberId }, unit.Transaction))
        {
            throw new MemberNotYetKnownException(memberId);
        }
    }
}

public sealed class MemberNotYetKnownException(Guid memberId)
    : Exception($"Member {memberId} is not known yet: its registration has not arrived. The change is retried.");
