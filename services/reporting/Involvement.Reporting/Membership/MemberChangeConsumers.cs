using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.Reporting.Membership;

/// <summary>
/// Moves a member between pyramid levels in the counts. A change that overtakes the registration is kept on a
/// placeholder row (version 0 for the status it does not know), so it does not depend on retry timing.
/// </summary>
public sealed class MemberLevelChangedConsumer(Db db) : IdempotentConsumer<MemberLevelChanged>(db)
{
    protected override Task HandleAsync(MemberLevelChanged message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into members (member_id, involvement_level, level_version, status_version)
            values (@MemberId, @InvolvementLevel, @AggregateVersion, 0)
            on conflict (member_id) do update
                set involvement_level = excluded.involvement_level, level_version = excluded.level_version
                where members.level_version < excluded.level_version
            """,
            message);
}

/// <summary>Follows a member's status; members who have left are no longer counted. Placeholders as for levels.</summary>
public sealed class MemberStatusChangedConsumer(Db db) : IdempotentConsumer<MemberStatusChanged>(db)
{
    protected override Task HandleAsync(MemberStatusChanged message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into members (member_id, status, status_version, level_version)
            values (@MemberId, @Status, @AggregateVersion, 0)
            on conflict (member_id) do update
                set status = excluded.status, status_version = excluded.status_version
                where members.status_version < excluded.status_version
            """,
            message);
}

public sealed class MemberLevelChangedConsumerDefinition : RetryingConsumerDefinition<MemberLevelChangedConsumer>;

public sealed class MemberStatusChangedConsumerDefinition : RetryingConsumerDefinition<MemberStatusChangedConsumer>;
