using Involvement.BuildingBlocks.Data;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using MetricUnit = Involvement.Reporting.V1.MetricUnit;
using MetricDefinition = Involvement.Reporting.Metrics.MetricDefinition;
using static Involvement.Reporting.Membership.MembershipArithmetic;

namespace Involvement.Reporting.Membership;

/// <summary>
/// Membership from recruitment's member and scheme events: positions at the end of each period (members in the pool,
/// per level, type and scheme) and flows during it (new members, members who left), trust-wide and per care group.
/// A member counts from registration until the instant they left; their level then is the latest level that had
/// taken effect; their care group is the one they have now. Placeholders (changes whose registration has not
/// arrived) are not counted.
/// </summary>
public sealed class MembershipFamily : IMetricFamily
{
    private static readonly IReadOnlyList<string> MemberEvents = ["MemberRegistered", "MemberStatusChanged", "MemberUpdated"];

    public string SourceService => DeployedServices.Recruitment;

    public IReadOnlySet<string> DependsOn { get; } = new HashSet<string>([MembershipAreas.Members, MembershipAreas.Schemes], StringComparer.Ordinal);

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new(Members, "Members", "Members in the involvement pool at the end of the period: applicants, active and paused (not those who have left).",
            DeployedServices.Recruitment, MemberEvents, MetricUnit.People, ByCareGroup: true, AtPeriodEnd: true),
        new(ByLevel, "Members per pyramid level", "Members in the pool at the end of the period by the KMPT Involvement Pyramid level they were at then (1 information giving to 7 patient director).",
            DeployedServices.Recruitment, [.. MemberEvents, "MemberLevelChanged"], MetricUnit.People, "pyramid level", ByCareGroup: true, AtPeriodEnd: true),
        new(ByType, "Members per lived-experience type", "Members in the pool at the end of the period by lived-experience type.",
            DeployedServices.Recruitment, MemberEvents, MetricUnit.People, "lived-experience type", ByCareGroup: true, AtPeriodEnd: true),
        new(ByScheme, "Members per scheme", "Members in the pool with a scheme membership open at the end of the period, per scheme; the total is members in at least one scheme.",
            DeployedServices.Recruitment, [.. MemberEvents, "SchemeMembershipStarted", "SchemeMembershipEnded"], MetricUnit.People, "scheme", ByCareGroup: true, AtPeriodEnd: true),
        new(NewMembers, "New members", "Members who registered during the period.",
            DeployedServices.Recruitment, ["MemberRegistered", "MemberUpdated"], MetricUnit.People, ByCareGroup: true),
        new(MembersLeft, "Members who left", "Members who left the pool during the period (their status became left).",
            DeployedServices.Recruitment, MemberEvents, MetricUnit.People, ByCareGroup: true, HigherIsBetter: false),
    ];

    public async Task<IReadOnlyList<ComputedFigure>> ComputeAsync(UnitOfWork unit, IReadOnlyList<ReportingPeriod> periods, DateOnly today)
    {
        var careGroups = (await unit.QueryAsync<string>(
            "select distinct care_group from members where care_group is not null and registered_at is not null order by 1")).ToList();
        var args = new
        {
            starts = periods.Select(p => p.StartsAt.UtcDateTime).ToArray(),
            ends = periods.Select(p => p.EndsAt.UtcDateTime).ToArray(),
            lastDays = periods.Select(p => p.End).ToArray(),
        };
        var positions = (await unit.QueryAsync<(int I, string? CareGroup, string Type, int Level, long Members)>(
            """
            select p.i::int, m.care_group, m.lived_experience_type,
                   coalesce((select l.involvement_level from member_levels l
                             where l.member_id = m.member_id and l.changed_at < p.ends_at
                             order by l.version desc limit 1), m.involvement_level) as level,
                   count(*)
            from unnest(@ends) with ordinality as p(ends_at, i)
            join members m on m.registered_at < p.ends_at and (m.left_at is null or m.left_at >= p.ends_at)
            group by 1, 2, 3, 4
            """, args))
            .Select(r => new MemberPosition(periods[r.I - 1], r.CareGroup, r.Type, r.Level, r.Members)).ToList();
        var schemes = (await unit.QueryAsync<(int I, string? CareGroup, string? Scheme, long Members)>(
            """
            select p.i::int, m.care_group, s.scheme, count(distinct s.member_id)
            from unnest(@ends, @lastDays) with ordinality as p(ends_at, last_day, i)
            join scheme_memberships s on s.started_on <= p.last_day and (s.ended_on is null or s.ended_on > p.last_day)
            join members m on m.member_id = s.member_id
                          and m.registered_at < p.ends_at and (m.left_at is null or m.left_at >= p.ends_at)
            group by grouping sets ((1, 2, 3), (1, 2))
            """, args))
            .Select(r => new SchemePosition(periods[r.I - 1], r.CareGroup, r.Scheme, r.Members)).ToList();
        var joined = await FlowAsync(unit, periods, args, "registered_at");
        var left = await FlowAsync(unit, periods, args, "left_at");

        return
        [
            .. periods.SelectMany(p => Positions(p, careGroups, positions)
                .Concat(MembershipArithmetic.Schemes(p, careGroups, schemes))
                .Concat(Flow(NewMembers, p, careGroups, joined))
                .Concat(Flow(MembersLeft, p, careGroups, left))),
        ];
    }

    private static async Task<IReadOnlyList<MemberFlow>> FlowAsync(UnitOfWork unit, IReadOnlyList<ReportingPeriod> periods, object args, string instant) =>
        [
            .. (await unit.QueryAsync<(int I, string? CareGroup, long Members)>(
                $"""
                select p.i::int, m.care_group, count(*)
                from unnest(@starts, @ends) with ordinality as p(starts_at, ends_at, i)
                join members m on m.{instant} >= p.starts_at and m.{instant} < p.ends_at and m.registered_at is not null
                group by 1, 2
                """, args))
            .Select(r => new MemberFlow(periods[r.I - 1], r.CareGroup, r.Members)),
        ];
}
