using Involvement.BuildingBlocks.Data;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using MetricDefinition = Involvement.Reporting.Metrics.MetricDefinition;
using MetricUnit = Involvement.Reporting.V1.MetricUnit;
using static Involvement.Reporting.Reach.ReachArithmetic;

namespace Involvement.Reporting.Reach;

/// <summary>
/// Presence and reach from recruitment's opportunity, place, attendance and papers events. Definitions (docs/metrics.md):
/// <list type="bullet">
/// <item>A session counts in the period holding its start date (UK). An opportunity is <b>run</b> in a period when it
/// was published, is not cancelled and has a session starting in the period.</item>
/// <item><b>Seats offered</b>: the seats of the opportunities run; <b>filled</b>: their current seat holders (selected
/// to a seat and not withdrawn since), at most their seats.</item>
/// <item><b>Two-or-more rule</b>: a session held (started on or before today) of a high-level opportunity run, with at
/// least two experts by experience (members) recorded as attending; meetings without two are the board flag.</item>
/// <item><b>Reserve rule</b>: high-level opportunities run that offer at least one reserve seat.</item>
/// <item><b>Papers on time</b>: sessions whose papers were sent (dated by the session's start, or the papers' due date
/// when the session is not known), of opportunities not cancelled, sent on or before the due date.</item>
/// </list>
/// Opportunities carry no care group, so these are trust-wide only.
/// </summary>
public sealed class ReachFamily : IMetricFamily
{
    private static readonly IReadOnlyList<string> Opportunity = ["OpportunityPublished", "OpportunityChanged", "OpportunityCancelled"];

    public string SourceService => DeployedServices.Recruitment;

    public IReadOnlySet<string> DependsOn { get; } = new HashSet<string>([ReachAreas.Opportunities, ReachAreas.Attendance], StringComparer.Ordinal);

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new(OpportunitiesRunCode, "Opportunities run",
            "Published opportunities, not cancelled, with at least one session starting in the period (UK date).",
            DeployedServices.Recruitment, Opportunity, MetricUnit.Count),
        new(SeatsOffered, "Seats offered", "Service-user and carer seats (not reserves) of the opportunities run in the period.",
            DeployedServices.Recruitment, Opportunity, MetricUnit.Count),
        new(SeatsFilled, "Seats filled",
            "Seats of the opportunities run in the period held by a member now (selected to a seat, or a reserve promoted, and not withdrawn), at most the seats offered per opportunity.",
            DeployedServices.Recruitment, [.. Opportunity, "ParticipantSelected", "ParticipantNotSelected", "ParticipantWithdrawn"], MetricUnit.Count),
        new(SeatsFilledShare, "Seats filled (share)", "Seats filled as a share of seats offered.",
            DeployedServices.Recruitment, [.. Opportunity, "ParticipantSelected", "ParticipantWithdrawn"], MetricUnit.Percent),
        new(TwoOrMoreShare, "High-level meetings with two or more experts by experience",
            "Sessions held in the period (started by today) of high-level opportunities run, with at least two members recorded as attending, as a share of those sessions (the 4PI two-or-more rule).",
            DeployedServices.Recruitment, [.. Opportunity, "ParticipationRecorded", "ParticipationCorrected"], MetricUnit.Percent),
        new(WithoutTwo, "High-level meetings without two experts by experience",
            "Sessions held in the period of high-level opportunities with fewer than two members attending: a flag for the board.",
            DeployedServices.Recruitment, [.. Opportunity, "ParticipationRecorded", "ParticipationCorrected"], MetricUnit.Count, HigherIsBetter: false),
        new(ReserveShare, "High-level opportunities with a reserve",
            "High-level opportunities run in the period that offer at least one reserve seat, as a share of high-level opportunities run (the 4PI reserve rule).",
            DeployedServices.Recruitment, Opportunity, MetricUnit.Percent),
        new(PapersOnTimeShare, "Papers sent on time",
            "Sessions in the period whose papers were sent on or before their due date (UK), as a share of sessions whose papers were sent.",
            DeployedServices.Recruitment, [.. Opportunity, "PapersSent"], MetricUnit.Percent),
    ];

    public async Task<IReadOnlyList<ComputedFigure>> ComputeAsync(UnitOfWork unit, IReadOnlyList<ReportingPeriod> periods, DateOnly today)
    {
        var args = PeriodDays.Args(periods, today);
        var run = (await unit.QueryAsync<(int I, long Run, long SeatsOffered, long SeatsFilled, long HighLevel, long WithReserve)>(
            $"""
            with {PeriodDays.Cte},
            run as (
                select distinct p.i, o.opportunity_id, coalesce(o.seats, 0) as seats, coalesce(o.reserve_seats, 0) as reserve_seats,
                       coalesce(o.high_level, false) as high_level
                from periods p
                join opportunity_sessions s on s.start_date between p.first_day and p.last_day
                join opportunities o on o.opportunity_id = s.opportunity_id and o.version > 0 and not o.cancelled
            ),
            holders as (
                select opportunity_id, count(*) as seat_holders from participants where place = 'seat' group by opportunity_id
            )
            select r.i, count(*), sum(r.seats)::bigint,
                   sum(greatest(0, least(r.seats, coalesce(h.seat_holders, 0))))::bigint,
                   count(*) filter (where r.high_level), count(*) filter (where r.high_level and r.reserve_seats >= 1)
            from run r left join holders h on h.opportunity_id = r.opportunity_id
            group by r.i
            """, args)).ToDictionary(r => r.I, r => new OpportunitiesRun(r.Run, r.SeatsOffered, r.SeatsFilled, r.HighLevel, r.WithReserve));
        var meetings = (await unit.QueryAsync<(int I, long Held, long WithTwo)>(
            $"""
            with {PeriodDays.Cte},
            held as (
                select p.i, s.session_id,
                       (select count(distinct a.member_id) from attendance a where a.session_id = s.session_id and a.attended) as attending
                from periods p
                join opportunity_sessions s on s.start_date between p.first_day and p.last_day and s.start_date <= @today
                join opportunities o on o.opportunity_id = s.opportunity_id and o.version > 0 and not o.cancelled and o.high_level
            )
            select i, count(*), count(*) filter (where attending >= 2) from held group by i
            """, args)).ToDictionary(r => r.I, r => new HighLevelMeetings(r.Held, r.WithTwo));
        var papers = (await unit.QueryAsync<(int I, long Sent, long OnTime)>(
            $"""
            with {PeriodDays.Cte},
            sent as (
                select pa.on_time,
                       coalesce((select min(s.start_date) from opportunity_sessions s where s.session_id = pa.session_id), pa.papers_due_on) as day
                from papers pa
                left join opportunities o on o.opportunity_id = pa.opportunity_id
                where not coalesce(o.cancelled, false)
            )
            select p.i, count(*), count(*) filter (where x.on_time)
            from periods p join sent x on x.day between p.first_day and p.last_day
            group by p.i
            """, args)).ToDictionary(r => r.I, r => new PapersInPeriod(r.Sent, r.OnTime));

        return
        [
            .. periods.SelectMany((p, index) => ReachArithmetic.Figures(
                p,
                run.GetValueOrDefault(index + 1, OpportunitiesRun.None),
                meetings.GetValueOrDefault(index + 1, HighLevelMeetings.None),
                papers.GetValueOrDefault(index + 1, PapersInPeriod.None))),
        ];
    }
}
