using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Recruitment;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Metrics;

namespace Involvement.Reporting.Membership;

/// <summary>
/// Counts a newly registered member. Registration is the member's first version: it fills a placeholder a later
/// change left, without undoing that change (each fact keeps its own version), so any arrival order ends the same.
/// Its level is the first entry of the member's level history, in effect from the registration.
/// </summary>
public sealed class MemberRegisteredConsumer(Db db) : ReportingConsumer<MemberRegistered>(db)
{
    protected override string SourceService => DeployedServices.Recruitment;

    protected override string Area => MembershipAreas.Members;

    protected override DateOnly AffectsFrom(MemberRegistered message) => UkTime.DateOf(message.RegisteredAt);

    public override async Task ApplyAsync(MemberRegistered message, UnitOfWork unit)
    {
        await unit.ExecuteAsync(
            """
            insert into members (member_id, lived_experience_type, involvement_level, registered_at, status, status_version, level_version, care_group, care_group_version)
            values (@MemberId, @LivedExperienceType, @InvolvementLevel, @RegisteredAt, 'applicant', @AggregateVersion, @AggregateVersion, @CareGroup, @AggregateVersion)
            on conflict (member_id) do update set
                lived_experience_type = excluded.lived_experience_type,
                registered_at = excluded.registered_at,
                involvement_level = case when members.level_version < excluded.level_version then excluded.involvement_level else members.involvement_level end,
                level_version = greatest(members.level_version, excluded.level_version),
                status = case when members.status_version < excluded.status_version then excluded.status else members.status end,
                status_version = greatest(members.status_version, excluded.status_version),
                care_group = case when members.care_group_version < excluded.care_group_version then excluded.care_group else members.care_group end,
                care_group_version = greatest(members.care_group_version, excluded.care_group_version)
            where members.registered_at is null
            """,
            message);
        await unit.ExecuteAsync(
            """
            insert into member_levels (member_id, version, involvement_level, changed_at)
            values (@MemberId, @AggregateVersion, @InvolvementLevel, @RegisteredAt)
            on conflict do nothing
            """,
            message);
    }
}

public sealed class MemberRegisteredConsumerDefinition : RetryingConsumerDefinition<MemberRegisteredConsumer>;
