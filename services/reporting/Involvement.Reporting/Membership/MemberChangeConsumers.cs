using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Recruitment;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Metrics;

namespace Involvement.Reporting.Membership;

/// <summary>The read-model areas the membership consumers change.</summary>
public static class MembershipAreas
{
    public const string Members = "members";
    public const string Schemes = "schemes";
}

/// <summary>
/// Moves a member between pyramid levels. The current level keeps the highest version; the history keeps every
/// version with the instant it took effect, for positions at the end of past periods. A change that overtakes the
/// registration is kept on a placeholder row (version 0 for the status it does not know), so it does not depend on
/// retry timing.
/// </summary>
public sealed class MemberLevelChangedConsumer(Db db) : ReportingConsumer<MemberLevelChanged>(db)
{
    protected override string SourceService => DeployedServices.Recruitment;

    protected override string Area => MembershipAreas.Members;

    protected override DateOnly AffectsFrom(MemberLevelChanged message) => UkTime.DateOf(message.OccurredAt);

    public override async Task ApplyAsync(MemberLevelChanged message, UnitOfWork unit)
    {
        await unit.ExecuteAsync(
            """
            insert into members (member_id, involvement_level, level_version, status_version)
            values (@MemberId, @InvolvementLevel, @AggregateVersion, 0)
            on conflict (member_id) do update
                set involvement_level = excluded.involvement_level, level_version = excluded.level_version
                where members.level_version < excluded.level_version
            """,
            message);
        await unit.ExecuteAsync(
            """
            insert into member_levels (member_id, version, involvement_level, changed_at)
            values (@MemberId, @AggregateVersion, @InvolvementLevel, @OccurredAt)
            on conflict do nothing
            """,
            message);
    }
}

/// <summary>
/// Follows a member's status; members who have left are no longer counted from the instant they left
/// (<c>left_at</c>, kept with the status it belongs to). Placeholders as for levels.
/// </summary>
public sealed class MemberStatusChangedConsumer(Db db) : ReportingConsumer<MemberStatusChanged>(db)
{
    protected override string SourceService => DeployedServices.Recruitment;

    protected override string Area => MembershipAreas.Members;

    protected override DateOnly AffectsFrom(MemberStatusChanged message) => UkTime.DateOf(message.OccurredAt);

    public override Task ApplyAsync(MemberStatusChanged message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into members (member_id, status, status_version, level_version, left_at)
            values (@MemberId, @Status, @AggregateVersion, 0, case when @Status = 'left' then @OccurredAt end)
            on conflict (member_id) do update
                set status = excluded.status, status_version = excluded.status_version, left_at = excluded.left_at
                where members.status_version < excluded.status_version
            """,
            new { message.MemberId, message.Status, message.AggregateVersion, OccurredAt = (DateTimeOffset?)message.OccurredAt });
}

/// <summary>
/// Follows a member's care group (null: none), versioned on its own. A member's figures count under the care group
/// they have now, for every period, so the change marks every period since their registration for recomputing.
/// </summary>
public sealed class MemberUpdatedConsumer(Db db) : ReportingConsumer<MemberUpdated>(db)
{
    protected override string SourceService => DeployedServices.Recruitment;

    protected override string Area => MembershipAreas.Members;

    protected override DateOnly AffectsFrom(MemberUpdated message) => UkTime.DateOf(message.OccurredAt);

    public override async Task ApplyAsync(MemberUpdated message, UnitOfWork unit)
    {
        var registeredAt = await unit.QuerySingleOrDefaultAsync<DateTime?>(
            """
            insert into members (member_id, care_group, care_group_version, status_version, level_version)
            values (@MemberId, @CareGroup, @AggregateVersion, 0, 0)
            on conflict (member_id) do update
                set care_group = excluded.care_group, care_group_version = excluded.care_group_version
                where members.care_group_version < excluded.care_group_version
            returning registered_at
            """,
            message);
        if (registeredAt is { } at)
        {
            await ReadModelChanges.MarkAsync(unit, Area, UkTime.DateOf(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))));
        }
    }
}

/// <summary>A scheme membership's start; its end may have arrived first, each keeps its own column.</summary>
public sealed class SchemeMembershipStartedConsumer(Db db) : ReportingConsumer<SchemeMembershipStarted>(db)
{
    protected override string SourceService => DeployedServices.Recruitment;

    protected override string Area => MembershipAreas.Schemes;

    protected override DateOnly AffectsFrom(SchemeMembershipStarted message) => message.StartedOn;

    public override Task ApplyAsync(SchemeMembershipStarted message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into scheme_memberships (membership_id, member_id, scheme, started_on)
            values (@MembershipId, @MemberId, @Scheme, @StartedOn)
            on conflict (membership_id) do update set started_on = excluded.started_on
            """,
            message);
}

/// <summary>A scheme membership's end; kept even when it overtakes the start.</summary>
public sealed class SchemeMembershipEndedConsumer(Db db) : ReportingConsumer<SchemeMembershipEnded>(db)
{
    protected override string SourceService => DeployedServices.Recruitment;

    protected override string Area => MembershipAreas.Schemes;

    protected override DateOnly AffectsFrom(SchemeMembershipEnded message) => message.EndedOn;

    public override Task ApplyAsync(SchemeMembershipEnded message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into scheme_memberships (membership_id, member_id, scheme, ended_on)
            values (@MembershipId, @MemberId, @Scheme, @EndedOn)
            on conflict (membership_id) do update set ended_on = excluded.ended_on
            """,
            message);
}

public sealed class MemberLevelChangedConsumerDefinition : RetryingConsumerDefinition<MemberLevelChangedConsumer>;

public sealed class MemberStatusChangedConsumerDefinition : RetryingConsumerDefinition<MemberStatusChangedConsumer>;

public sealed class MemberUpdatedConsumerDefinition : RetryingConsumerDefinition<MemberUpdatedConsumer>;

public sealed class SchemeMembershipStartedConsumerDefinition : RetryingConsumerDefinition<SchemeMembershipStartedConsumer>;

public sealed class SchemeMembershipEndedConsumerDefinition : RetryingConsumerDefinition<SchemeMembershipEndedConsumer>;
