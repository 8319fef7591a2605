using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.Reporting.Membership;

/// <summary>
/// Counts a newly registered member. Registration is the member's first version: it fills a placeholder a later
/// change left, without undoing that change (each fact keeps its own version), so any arrival order ends the same.
/// </summary>
public sealed class MemberRegisteredConsumer(Db db) : IdempotentConsumer<MemberRegistered>(db)
{
    protected override Task HandleAsync(MemberRegistered message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into members (member_id, lived_experience_type, involvement_level, registered_at, status, status_version, level_version)
            values (@MemberId, @LivedExperienceType, @InvolvementLevel, @RegisteredAt, 'applicant', @AggregateVersion, @AggregateVersion)
            on conflict (member_id) do update set
                lived_experience_type = excluded.lived_experience_type,
                registered_at = excluded.registered_at,
                involvement_level = case when members.level_version < excluded.level_version then excluded.involvement_level else members.involvement_level end,
                level_version = greatest(members.level_version, excluded.level_version),
                status = case when members.status_version < excluded.status_version then excluded.status else members.status end,
                status_version = greatest(members.status_version, excluded.status_version)
            where members.registered_at is null
            """,
            message);
}

public sealed class MemberRegisteredConsumerDefinition : RetryingConsumerDefinition<MemberRegisteredConsumer>;
