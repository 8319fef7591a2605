using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.BuildingBlocks.MemberDirectory;

/// <summary>Keeps a member's display name from recruitment's events; an older version never overwrites a newer one.</summary>
public sealed class MemberDirectoryConsumer(Db db) : IdempotentConsumer<MemberRegistered>(db)
{
    protected override Task HandleAsync(MemberRegistered message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into known_members (member_id, display_name, member_version, updated_at)
            values (@MemberId, @DisplayName, @AggregateVersion, now())
            on conflict (member_id) do update
              set display_name = excluded.display_name, member_version = excluded.member_version, updated_at = now()
              where known_members.member_version < excluded.member_version
            """,
            message);
}

public sealed class MemberDirectoryConsumerDefinition : RetryingConsumerDefinition<MemberDirectoryConsumer>;
