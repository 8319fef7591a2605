using Involvement.BuildingBlocks.Data;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using Involvement.Reporting.Reach;
using MetricDefinition = Involvement.Reporting.Metrics.MetricDefinition;
using MetricUnit = Involvement.Reporting.V1.MetricUnit;

namespace Involvement.Reporting.Committees;

/// <summary>
/// Committees, work streams and quality and safety reviews with experts by experience. A body <b>met</b> in a period
/// when one of its sessions started in the period (UK date) and by today, on a published opportunity not cancelled;
/// it met <b>with an expert by experience</b> when at least one member is recorded as attending one of those sessions.
/// Committee seats are grouped by the committee they belong to (several opportunities may seat the same committee);
/// a committee opportunity naming no committee, a work stream and a review each count as one body.
/// </summary>
public sealed class CommitteesFamily : IMetricFamily
{
    public const string WithEbeShare = "committees.with_ebe_share";
    public const string QsReviewsWithEbeShare = "committees.qs_reviews_with_ebe_share";

    private static readonly IReadOnlyList<string> Events = ["OpportunityPublished", "OpportunityChanged", "OpportunityCancelled", "ParticipationRecorded", "ParticipationCorrected"];

    public string SourceService => DeployedServices.Recruitment;

    public IReadOnlySet<string> DependsOn { get; } = new HashSet<string>([ReachAreas.Opportunities, ReachAreas.Attendance], StringComparer.Ordinal);

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new(WithEbeShare, "Committees and work streams with experts by experience",
            "Committees and work streams that met in the period with at least one member attending, as a share of those that met.",
            DeployedServices.Recruitment, Events, MetricUnit.Percent),
        new(QsReviewsWithEbeShare, "Quality and safety reviews with experts by experience",
            "Quality and safety reviews held in the period with at least one member attending, as a share of those held.",
            DeployedServices.Recruitment, Events, MetricUnit.Percent),
    ];

    public async Task<IReadOnlyList<ComputedFigure>> ComputeAsync(UnitOfWork unit, IReadOnlyList<ReportingPeriod> periods, DateOnly today)
    {
        var rows = (await unit.QueryAsync<(int I, bool Reviews, long Met, long WithEbe)>(
            $"""
            with {PeriodDays.Cte},
            met as (
                select p.i, o.kind = 'quality_and_safety_review' as reviews,
                       case when o.kind = 'committee' and o.committee is not null then 'committee:' || o.committee
                            else o.opportunity_id::text end as body,
                       exists (select 1 from attendance a where a.session_id = s.session_id and a.attended) as with_ebe
                from periods p
                join opportunity_sessions s on s.start_date between p.first_day and p.last_day and s.start_date <= @today
                join opportunities o on o.opportunity_id = s.opportunity_id and o.version > 0 and not o.cancelled
                                    and o.kind in ('committee', 'work_stream', 'quality_and_safety_review')
            )
            select i, reviews, count(distinct body), count(distinct body) filter (where with_ebe)
            from met group by i, reviews
            """, PeriodDays.Args(periods, today))).ToList();

        return
        [
            .. periods.SelectMany((p, index) => new[] { (WithEbeShare, false), (QsReviewsWithEbeShare, true) }.Select(m =>
            {
                var row = rows.FirstOrDefault(r => r.I == index + 1 && r.Reviews == m.Item2);
                return (ComputedFigure)new ShareFigure(m.Item1, p, "", "", row.WithEbe, row.Met);
            })),
        ];
    }
}
