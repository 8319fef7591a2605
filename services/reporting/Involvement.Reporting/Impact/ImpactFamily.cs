using Involvement.BuildingBlocks.Data;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using Involvement.Reporting.Reach;
using MetricDefinition = Involvement.Reporting.Metrics.MetricDefinition;
using MetricUnit = Involvement.Reporting.V1.MetricUnit;

namespace Involvement.Reporting.Impact;

/// <summary>
/// Impact (4PI): outcomes recorded at the start and feedback given at the end of opportunities that closed in the
/// period, questionnaire averages, and involvement requests received and assessed. Trust-wide only: questionnaires
/// carry no member and opportunities no care group.
/// </summary>
public sealed class ImpactFamily : IMetricFamily
{
    public const string OutcomesRecordedShare = "impact.outcomes_recorded_share";
    public const string FeedbackGivenShare = "impact.feedback_given_share";
    public const string FeltValuedAverage = "impact.felt_valued_average";
    public const string InfluenceAverage = "impact.influence_average";
    public const string SupportAverage = "impact.support_average";
    public const string WouldTakePartAgainShare = "impact.would_take_part_again_share";
    public const string RequestsReceived = "impact.requests_received";
    public const string RequestsAssessed = "impact.requests_assessed";

    private static readonly IReadOnlyList<string> Closed = ["OpportunityPublished", "OpportunityClosed", "OpportunityCancelled"];

    public string SourceService => DeployedServices.Recruitment;

    public IReadOnlySet<string> DependsOn { get; } =
        new HashSet<string>([ReachAreas.Opportunities, ReachAreas.Impact, ReachAreas.Requests], StringComparer.Ordinal);

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new(OutcomesRecordedShare, "Opportunities with intended outcomes recorded at the start",
            "Opportunities that closed in the period (not cancelled) whose publication recorded at least one intended outcome, as a share of those that closed.",
            DeployedServices.Recruitment, Closed, MetricUnit.Percent),
        new(FeedbackGivenShare, "Opportunities with feedback given",
            "Opportunities that closed in the period (not cancelled) whose latest impact record shows \"we said, we did\" feedback given back at least once, as a share of those that closed.",
            DeployedServices.Recruitment, [.. Closed, "ImpactRecorded"], MetricUnit.Percent),
        new(FeltValuedAverage, "Felt valued (average score)", "Mean \"felt valued\" score (1-5) of questionnaires submitted in the period; people are questionnaires.",
            DeployedServices.Recruitment, ["QuestionnaireSubmitted"], MetricUnit.Score),
        new(InfluenceAverage, "Influence (average score)", "Mean \"influence\" score (1-5) of questionnaires submitted in the period.",
            DeployedServices.Recruitment, ["QuestionnaireSubmitted"], MetricUnit.Score),
        new(SupportAverage, "Support (average score)", "Mean \"support\" score (1-5) of questionnaires submitted in the period.",
            DeployedServices.Recruitment, ["QuestionnaireSubmitted"], MetricUnit.Score),
        new(WouldTakePartAgainShare, "Would take part again", "Questionnaires submitted in the period saying the person would take part again, as a share of those submitted.",
            DeployedServices.Recruitment, ["QuestionnaireSubmitted"], MetricUnit.Percent),
        new(RequestsReceived, "Involvement requests received", "Involvement requests project teams submitted in the period (UK date).",
            DeployedServices.Recruitment, ["InvolvementRequestSubmitted", "InvolvementRequestAssessed"], MetricUnit.Count),
        new(RequestsAssessed, "Involvement requests assessed", "Involvement requests the PPI team assessed (approved or declined) in the period.",
            DeployedServices.Recruitment, ["InvolvementRequestAssessed"], MetricUnit.Count),
    ];

    public async Task<IReadOnlyList<ComputedFigure>> ComputeAsync(UnitOfWork unit, IReadOnlyList<ReportingPeriod> periods, DateOnly today)
    {
        var args = PeriodDays.Args(periods, today);
        var closed = (await unit.QueryAsync<(int I, long Closed, long WithOutcomes, long WithFeedback)>(
            $"""
            with {PeriodDays.Cte}
            select p.i, count(*),
                   count(*) filter (where coalesce(o.published_intended_outcomes, 0) > 0),
                   count(*) filter (where coalesce(im.feedback_given, 0) > 0)
            from periods p
            join opportunities o on o.closed_on between p.first_day and p.last_day and not o.cancelled
            left join impact im on im.opportunity_id = o.opportunity_id
            group by p.i
            """, args)).ToDictionary(r => r.I);
        var questionnaires = (await unit.QueryAsync<(int I, long Count, decimal FeltValued, decimal Influence, decimal Support, long Again)>(
            $"""
            with {PeriodDays.Cte}
            select p.i, count(*), avg(q.felt_valued), avg(q.influence), avg(q.support), count(*) filter (where q.would_take_part_again)
            from periods p join questionnaires q on q.submitted_on between p.first_day and p.last_day
            group by p.i
            """, args)).ToDictionary(r => r.I);
        var requests = (await unit.QueryAsync<(int I, long Received, long Assessed)>(
            $"""
            with {PeriodDays.Cte}
            select p.i,
                   (select count(*) from involvement_requests r where r.submitted_on between p.first_day and p.last_day),
                   (select count(*) from involvement_requests r where r.assessed_on between p.first_day and p.last_day)
            from periods p
            """, args)).ToDictionary(r => r.I);

        return
        [
            .. periods.SelectMany((p, index) =>
            {
                var c = closed.GetValueOrDefault(index + 1);
                var q = questionnaires.GetValueOrDefault(index + 1);
                var r = requests.GetValueOrDefault(index + 1);
                return new ComputedFigure[]
                {
                    new ShareFigure(OutcomesRecordedShare, p, "", "", c.WithOutcomes, c.Closed),
                    new ShareFigure(FeedbackGivenShare, p, "", "", c.WithFeedback, c.Closed),
                    new AverageFigure(FeltValuedAverage, p, "", "", q.FeltValued, q.Count),
                    new AverageFigure(InfluenceAverage, p, "", "", q.Influence, q.Count),
                    new AverageFigure(SupportAverage, p, "", "", q.Support, q.Count),
                    new ShareFigure(WouldTakePartAgainShare, p, "", "", q.Again, q.Count),
                    new CountFigure(RequestsReceived, p, "", "", r.Received),
                    new CountFigure(RequestsAssessed, p, "", "", r.Assessed),
                };
            }),
        ];
    }
}
