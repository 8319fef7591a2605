using Involvement.BuildingBlocks.Data;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Membership;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using Involvement.Reporting.Reach;
using MetricDefinition = Involvement.Reporting.Metrics.MetricDefinition;
using MetricUnit = Involvement.Reporting.V1.MetricUnit;
using static Involvement.Reporting.Spread.SpreadArithmetic;

namespace Involvement.Reporting.Spread;

/// <summary>
/// People involved and how involvement is shared among them, from attendance (ParticipationRecorded, corrected by
/// ParticipationCorrected). A member's attendances in a period are the sessions starting in it (UK date) they are
/// recorded as attending. By care group through the member's care group now (members with none count only in the
/// whole-trust total).
/// </summary>
public sealed class SpreadFamily : IMetricFamily
{
    private static readonly IReadOnlyList<string> AttendanceEvents = ["ParticipationRecorded", "ParticipationCorrected", "MemberRegistered", "MemberUpdated"];

    public string SourceService => DeployedServices.Recruitment;

    public IReadOnlySet<string> DependsOn { get; } = new HashSet<string>([ReachAreas.Attendance, MembershipAreas.Members], StringComparer.Ordinal);

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new(PeopleInvolved, "People involved", "Members recorded as attending at least one session starting in the period.",
            DeployedServices.Recruitment, AttendanceEvents, MetricUnit.People, ByCareGroup: true),
        new(BusiestTenthShare, "Share of attendances by the busiest tenth",
            "Of all sessions attended in the period, the share attended by the busiest 10 % of the people involved (the top tenth by sessions attended, rounded up to whole people). Lower means involvement is shared more widely.",
            DeployedServices.Recruitment, AttendanceEvents, MetricUnit.Percent, HigherIsBetter: false),
        new(InvolvedOnce, "People involved once", "Members who attended exactly one session in the period.",
            DeployedServices.Recruitment, AttendanceEvents, MetricUnit.People, ByCareGroup: true),
        new(InvolvedTwoToFour, "People involved two to four times", "Members who attended two, three or four sessions in the period.",
            DeployedServices.Recruitment, AttendanceEvents, MetricUnit.People, ByCareGroup: true),
        new(InvolvedFiveOrMore, "People involved five or more times", "Members who attended five or more sessions in the period.",
            DeployedServices.Recruitment, AttendanceEvents, MetricUnit.People, ByCareGroup: true),
    ];

    public async Task<IReadOnlyList<ComputedFigure>> ComputeAsync(UnitOfWork unit, IReadOnlyList<ReportingPeriod> periods, DateOnly today)
    {
        var careGroups = (await unit.QueryAsync<string>(
            "select distinct care_group from members where care_group is not null and registered_at is not null order by 1")).ToList();
        var buckets = (await unit.QueryAsync<(int I, string? CareGroup, long Attendances, long People)>(
            $"""
            with {PeriodDays.Cte},
            per_member as (
                select p.i, a.member_id, count(distinct a.session_id) as attendances
                from periods p join attendance a on a.attended and a.session_date between p.first_day and p.last_day
                group by p.i, a.member_id
            )
            select x.i, case when m.registered_at is not null then m.care_group end, x.attendances, count(*)
            from per_member x left join members m on m.member_id = x.member_id
            group by 1, 2, 3
            """, PeriodDays.Args(periods, today)))
            .Select(r => new AttendanceBucket(periods[r.I - 1], r.CareGroup, r.Attendances, r.People)).ToList();
        return [.. periods.SelectMany(p => SpreadArithmetic.Figures(p, careGroups, buckets))];
    }
}
