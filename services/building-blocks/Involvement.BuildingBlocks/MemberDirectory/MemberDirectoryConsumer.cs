using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.BuildingBlocks.MemberDirectory;

/// <summary>Keeps a member's display name from recruitment's events; an older version never overwrites a newer one.</summary>
public sealed class MemberDirectoryConsumer(Db db) : IdempotentConsumer<MemberRegistered>(db)
{
    protected override Task HandleAsync(MemberRegistered message, UnitOfWork unit) =>
        KnownMembers.UpsertAsync(unit, message.MemberId, message.DisplayName, message.AggregateVersion);
}

/// <summary>Follows display-name changes; works whichever of registration and update arrives first.</summary>
public sealed class MemberUpdatedDirectoryConsumer(Db db) : IdempotentConsumer<MemberUpdated>(db)
{
    protected override Task HandleAsync(MemberUpdated message, UnitOfWork unit) =>
        KnownMembers.UpsertAsync(unit, message.MemberId, message.DisplayName, message.AggregateVersion);
}

/// <summary>Erases the member's name here too; a late, older event cannot bring it back (its version is lower).</summary>
public sealed class MemberErasedDirectoryConsumer(Db db) : IdempotentConsumer<MemberErased>(db)
{
    protected override Task HandleAsync(MemberErased message, UnitOfWork unit) =>
        KnownMembers.UpsertAsync(unit, message.MemberId, MemberErased.ErasedName, message.AggregateVersion);
}

public sealed class MemberDirectoryConsumerDefinition : RetryingConsumerDefinition<MemberDirectoryConsumer>;

public sealed class MemberUpdatedDirectoryConsumerDefinition : RetryingConsumerDefinition<MemberUpdatedDirectoryConsumer>;

public sealed class MemberErasedDirectoryConsumerDefinition : RetryingConsumerDefinition<MemberErasedDirectoryConsumer>;

/// <summary>The directory entry itself, for a consumer that must write it in its own transaction (payments releases held fees with it).</summary>
public static class KnownMembers
{
    public static Task<int> UpsertAsync(UnitOfWork unit, Guid memberId, string displayName, long version) =>
        unit.ExecuteAsync(
            """
            insert into known_members (member_id, display_name, member_version, updated_at)
            values (@memberId, @displayName, @version, now())
            on conflict (member_id) do update
              set display_name = excluded.display_name, member_version = excluded.member_version, updated_at = now()
              where known_members.member_version < excluded.member_version
            """,
            new { memberId, displayName, version });
}
