using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.Reporting.Membership;

/// <summary>Counts a newly registered member; a repeated or older event changes nothing.</summary>
public sealed class MemberRegisteredConsumer(Db db) : IdempotentConsumer<MemberRegistered>(db)
{
    protected override Task HandleAsync(MemberRegistered message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into members (member_id, lived_experience_type, involvement_level, registered_at, member_version)
            values (@MemberId, @LivedExperienceType, @InvolvementLevel, @RegisteredAt, @AggregateVersion)
            on conflict (member_id) do update
              set lived_experience_type = excluded.lived_experience_type, involvement_level = excluded.involvement_level,
                  member_version = excluded.member_version
              where members.member_version < excluded.member_version
            """,
            message);
}

public sealed class MemberRegisteredConsumerDefinition : RetryingConsumerDefinition<MemberRegisteredConsumer>;
