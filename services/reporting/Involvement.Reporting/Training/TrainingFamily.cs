using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Membership;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using Microsoft.Extensions.Options;
using MetricDefinition = Involvement.Reporting.Metrics.MetricDefinition;
using MetricUnit = Involvement.Reporting.V1.MetricUnit;
using static Involvement.Reporting.Training.TrainingArithmetic;

namespace Involvement.Reporting.Training;

/// <summary>
/// Training from training's events: people trained (members and staff apart), completions by module, workshops
/// delivered and co-facilitated, certificates lapsed, supervision coverage and gaps, mentoring pairs. Supervision
/// needs recruitment's members too (status and level now, from the shared members read model).
/// </summary>
public sealed class TrainingFamily(IOptions<SupervisionOptions> options) : IMetricFamily
{
    private static readonly IReadOnlyList<string> CompletionEvents = ["TrainingCompleted", "StaffTrainingCompleted"];
    private static readonly IReadOnlyList<string> SupervisionEvents = ["SupervisionRecorded", "MemberRegistered", "MemberLevelChanged", "MemberStatusChanged"];

    public string SourceService => DeployedServices.Training;

    public IReadOnlySet<string> DependsOn { get; } = new HashSet<string>([TrainingAreas.Training, MembershipAreas.Members], StringComparer.Ordinal);

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new(PeopleTrained, "People trained", "Distinct people who completed at least one training module in the period: members and staff apart (the total is both).",
            DeployedServices.Training, CompletionEvents, MetricUnit.People, "learner"),
        new(CompletionsByModule, "Completions by module", "Training completions in the period (a person completing two modules counts twice), per module code.",
            DeployedServices.Training, CompletionEvents, MetricUnit.Count, "module"),
        new(WorkshopsDelivered, "Workshops delivered", "Training sessions (cohorts) held in the period, by the date of their last day.",
            DeployedServices.Training, ["TrainingSessionHeld"], MetricUnit.Count),
        new(CoFacilitatedShare, "Co-facilitated share", "Of the training sessions held in the period, the share an expert by experience and an expert by training facilitated together.",
            DeployedServices.Training, ["TrainingSessionHeld"], MetricUnit.Percent),
        new(CertificatesLapsed, "Certificates lapsed", "Members' certificates that lapsed without renewal in the period (by the first day they were no longer valid).",
            DeployedServices.Training, ["TrainingExpired"], MetricUnit.Count, HigherIsBetter: false),
        new(SupervisionCoverageShare, "Supervision coverage", "Of the members who need supervision at the end of the period (active, at or above Reporting__SupervisionLevel, as they are now), the share with a supervision session in the Reporting__SupervisionIntervalMonths months up to it.",
            DeployedServices.Training, SupervisionEvents, MetricUnit.Percent, AtPeriodEnd: true),
        new(SupervisionGaps, "Supervision gaps", "Members who need supervision at the end of the period and had none in the interval up to it: a flag for the board.",
            DeployedServices.Training, SupervisionEvents, MetricUnit.People, HigherIsBetter: false, AtPeriodEnd: true),
        new(MentoringPairsActive, "Mentoring pairs active", "Mentoring pairs that had started and not ended at the end of the period.",
            DeployedServices.Training, ["MentoringPairStarted", "MentoringPairEnded"], MetricUnit.Count, AtPeriodEnd: true),
        new(MentoringPairsStarted, "Mentoring pairs started", "Mentoring pairs that began in the period.",
            DeployedServices.Training, ["MentoringPairStarted", "MentoringPairEnded"], MetricUnit.Count),
    ];

    public async Task<IReadOnlyList<ComputedFigure>> ComputeAsync(UnitOfWork unit, IReadOnlyList<ReportingPeriod> periods, DateOnly today)
    {
        if (periods.Count == 0)
        {
            return [];
        }

        var from = periods.Min(p => p.Start);
        var completions = (await unit.QueryAsync<(string Kind, Guid LearnerId, string Module, DateOnly CompletedOn)>(
            "select learner_kind, learner_id, module_code, completed_on from training_completions where completed_on >= @from", new { from }))
            .Select(c => new Completion(c.Kind, c.LearnerId, c.Module, c.CompletedOn)).ToList();
        var modules = (await unit.QueryAsync<string>("select distinct module_code from training_completions order by 1")).ToList();
        var sessions = (await unit.QueryAsync<(DateOnly HeldOn, bool CoFacilitated)>(
            "select held_on, co_facilitated from training_sessions_held where held_on >= @from", new { from }))
            .Select(s => new SessionHeld(s.HeldOn, s.CoFacilitated)).ToList();
        var lapses = (await unit.QueryAsync<DateOnly>("select expired_on from training_lapses where expired_on >= @from", new { from })).ToList();
        var pairs = (await unit.QueryAsync<(DateOnly StartedOn, DateOnly? EndedOn)>("select started_on, ended_on from mentoring_pairs"))
            .Select(p => new MentoringPair(p.StartedOn, p.EndedOn)).ToList();
        var settings = options.Value;
        var supervised = (await unit.QueryAsync<(Guid MemberId, DateTime RegisteredAt)>(
            """
            select member_id, registered_at from members
            where registered_at is not null and status = 'active' and involvement_level >= @SupervisionLevel
            """, settings))
            .Select(m => new SupervisedMember(m.MemberId, UkTime.DateOf(new DateTimeOffset(DateTime.SpecifyKind(m.RegisteredAt, DateTimeKind.Utc)))))
            .ToList();
        var supervisions = (await unit.QueryAsync<(Guid MemberId, DateOnly HeldOn)>(
            """
            select m.member_id, s.held_on from support_session_members m join support_sessions s using (support_session_id)
            where s.kind = 'supervision'
            """)).ToLookup(s => s.MemberId, s => s.HeldOn);

        return
        [
            .. periods.SelectMany(p => People(p, completions)
                .Concat(ByModule(p, completions, modules))
                .Concat(Sessions(p, sessions))
                .Append(Lapsed(p, lapses))
                .Concat(Supervision(p, today, supervised, supervisions, settings.SupervisionIntervalMonths))
                .Concat(Mentoring(p, today, pairs))),
        ];
    }
}
