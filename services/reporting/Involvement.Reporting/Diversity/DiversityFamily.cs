using System.Text.Json;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Recruitment;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;
using MetricUnit = Involvement.Reporting.V1.MetricUnit;
using MetricDefinition = Involvement.Reporting.Metrics.MetricDefinition;
using Microsoft.Extensions.Options;
using static Involvement.Reporting.Diversity.DiversityArithmetic;

namespace Involvement.Reporting.Diversity;

/// <summary>
/// Diversity of the pool and of the people involved, from recruitment's aggregate <see cref="EqualitySnapshot"/>
/// only: a quarter shows the latest snapshot taken for it, a whole year the latest snapshot of the year.
/// </summary>
public sealed class DiversityFamily(IOptions<ReportingOptions> options) : IMetricFamily
{
    public const string Area = "diversity";

    private static readonly IReadOnlyList<string> Source = ["EqualitySnapshot"];

    public string SourceService => DeployedServices.Recruitment;

    public IReadOnlySet<string> DependsOn { get; } = new HashSet<string>([Area], StringComparer.Ordinal);

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new(Pool, "Pool by equality answer", "Members in the pool (applicants, active, paused) per equality question and answer, from the period's latest snapshot; the total is the pool.",
            DeployedServices.Recruitment, Source, MetricUnit.People, "question:answer", AtPeriodEnd: true),
        new(Involved, "People involved by equality answer", "Members who attended a session in the quarter per equality question and answer (a whole year shows its latest quarter's snapshot); the total is the people involved.",
            DeployedServices.Recruitment, Source, MetricUnit.People, "question:answer"),
        new(PoolShare, "Pool share by answer", "Percent of the pool members who answered the question (not prefer-not-to-say, not unanswered) who gave this answer; compare with diversity.population_share.",
            DeployedServices.Recruitment, Source, MetricUnit.Percent, "question:answer", AtPeriodEnd: true),
        new(InvolvedShare, "Involved share by answer", "Percent of the people involved who answered the question who gave this answer.",
            DeployedServices.Recruitment, Source, MetricUnit.Percent, "question:answer"),
        new(PopulationShare, "Local population share by answer", "The configured local population profile (Reporting__PopulationProfile): percent of the local population with this answer. Absent until configured.",
            DeployedServices.Recruitment, Source, MetricUnit.Percent, "question:answer"),
        new(PoolResponse, "Pool response rate", "Pool members per question who answered, chose prefer-not-to-say (or not stated), or left it unanswered.",
            DeployedServices.Recruitment, Source, MetricUnit.People, "question:response", AtPeriodEnd: true),
        new(InvolvedResponse, "Involved response rate", "People involved per question who answered, chose prefer-not-to-say (or not stated), or left it unanswered.",
            DeployedServices.Recruitment, Source, MetricUnit.People, "question:response"),
    ];

    public async Task<IReadOnlyList<ComputedFigure>> ComputeAsync(UnitOfWork unit, IReadOnlyList<ReportingPeriod> periods, DateOnly today)
    {
        var years = periods.Select(p => p.FinancialYear).Distinct().ToArray();
        var stored = (await unit.QueryAsync<(int Year, int Quarter, long Version, int Pool, int Involved, string PoolJson, string InvolvedJson)>(
            """
            select financial_year, quarter, version, pool_members, involved_members, pool::text, involved::text
            from equality_snapshots where financial_year = any(@years)
            """, new { years })).ToList();
        var seen = (await unit.QueryAsync<(string Question, string Answer)>(
            """
            select distinct e->>'question', e->>'answer'
            from equality_snapshots s, jsonb_array_elements(s.pool || s.involved) e
            """)).ToList();
        var profile = options.Value.PopulationProfile;
        var answers = seen.Concat(profile.SelectMany(q => q.Value.Keys.Select(a => (q.Key, a)))).Distinct().ToList();

        return
        [
            .. periods.SelectMany(p =>
            {
                var row = stored.Where(s => s.Year == p.FinancialYear && (p.IsWholeYear || s.Quarter == p.Quarter))
                    .OrderByDescending(s => s.Version).Select(s => (s.Pool, s.Involved, s.PoolJson, s.InvolvedJson)).FirstOrDefault();
                var snapshot = row.PoolJson is null
                    ? null
                    : new DiversitySnapshot(row.Pool, row.Involved, Counts(row.PoolJson), Counts(row.InvolvedJson));
                return Figures(p, snapshot, answers, profile);
            }),
        ];
    }

    private static IReadOnlyList<AnswerCount> Counts(string json) =>
        [.. JsonSerializer.Deserialize<List<EqualityAnswerCount>>(json, EventJson.Options)!.Select(c => new AnswerCount(c.Question, c.Answer, c.Members))];
}

/// <summary>
/// Keeps the latest snapshot (highest aggregateVersion) per NHS quarter: an older one arriving late changes nothing.
/// </summary>
public sealed class EqualitySnapshotConsumer(Db db) : ReportingConsumer<EqualitySnapshot>(db)
{
    protected override string SourceService => DeployedServices.Recruitment;

    protected override string Area => DiversityFamily.Area;

    protected override DateOnly AffectsFrom(EqualitySnapshot message) => message.PeriodStart;

    public override Task ApplyAsync(EqualitySnapshot message, UnitOfWork unit) =>
        unit.ExecuteAsync(
            """
            insert into equality_snapshots (financial_year, quarter, version, taken_at, pool_members, involved_members, pool, involved)
            values (@Year, @Quarter, @AggregateVersion, @OccurredAt, @PoolMembers, @InvolvedMembers, @Pool::jsonb, @Involved::jsonb)
            on conflict (financial_year, quarter) do update set
                version = excluded.version, taken_at = excluded.taken_at, pool_members = excluded.pool_members,
                involved_members = excluded.involved_members, pool = excluded.pool, involved = excluded.involved
            where equality_snapshots.version < excluded.version
            """,
            new
            {
                Year = FinancialYear.Of(message.PeriodStart).StartYear,
                Quarter = FinancialYear.QuarterOf(message.PeriodStart),
                message.AggregateVersion,
                message.OccurredAt,
                message.PoolMembers,
                message.InvolvedMembers,
                Pool = JsonSerializer.Serialize(message.Pool, EventJson.Options),
                Involved = JsonSerializer.Serialize(message.Involved, EventJson.Options),
            });
}

public sealed class EqualitySnapshotConsumerDefinition : RetryingConsumerDefinition<EqualitySnapshotConsumer>;
