using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;

namespace Involvement.Reporting.Membership;

/// <summary>Counts a newly registered member. Registration is each member's first version, so a repeat changes nothing.</summary>
public sealed class MemberRegisteredConsumer(Db db) : IdempotentConsumer<MemberRegistered>(db)
{
    protected override Task HandleAsync(MemberRegistered message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into members (member_id, lived_experience_type, involvement_level, registered_at, status, status_version, level_version)
            values (@MemberId, @LivedExperienceType, @InvolvementLevel, @RegisteredAt, 'applicant', @AggregateVersion, @AggregateVersion)
            on conflict (member_id) do nothing
            """,
            message);
}

public sealed class MemberRegisteredConsumerDefinition : RetryingConsumerDefinition<MemberRegisteredConsumer>;
