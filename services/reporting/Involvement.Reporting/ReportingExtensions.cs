using Involvement.BuildingBlocks.Hosting;
using Involvement.BuildingBlocks.Configuration;
using Involvement.Reporting.BoardReport;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Committees;
using Involvement.Reporting.Diversity;
using Involvement.Reporting.Impact;
using Involvement.Reporting.Membership;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Reach;
using Involvement.Reporting.Spread;
using Involvement.Reporting.Training;
using Involvement.Reporting.Rebuild;
using Involvement.Reporting.Snapshots;
using Involvement.Reporting.Subscriptions;
using Involvement.Reporting.Targets;
using Microsoft.Extensions.Options;
using MassTransit;

namespace Involvement.Reporting;

public static class ReportingExtensions
{
    public static void AddReporting(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(new ServiceInfo("Reporting", typeof(ReportingApi).Assembly),
            bus =>
            {
                bus.AddConsumer<MemberRegisteredConsumer, MemberRegisteredConsumerDefinition>();
                bus.AddConsumer<MemberLevelChangedConsumer, MemberLevelChangedConsumerDefinition>();
                bus.AddConsumer<MemberStatusChangedConsumer, MemberStatusChangedConsumerDefinition>();
                bus.AddConsumer<MemberUpdatedConsumer, MemberUpdatedConsumerDefinition>();
                bus.AddConsumer<SchemeMembershipStartedConsumer, SchemeMembershipStartedConsumerDefinition>();
                bus.AddConsumer<SchemeMembershipEndedConsumer, SchemeMembershipEndedConsumerDefinition>();
                bus.AddConsumer<EqualitySnapshotConsumer, EqualitySnapshotConsumerDefinition>();
                bus.AddConsumer<OpportunityPublishedConsumer, OpportunityPublishedConsumerDefinition>();
                bus.AddConsumer<OpportunityChangedConsumer, OpportunityChangedConsumerDefinition>();
                bus.AddConsumer<OpportunityClosedConsumer, OpportunityClosedConsumerDefinition>();
                bus.AddConsumer<OpportunityCancelledConsumer, OpportunityCancelledConsumerDefinition>();
                bus.AddConsumer<PapersSentConsumer, PapersSentConsumerDefinition>();
                bus.AddConsumer<ParticipantSelectedConsumer, ParticipantSelectedConsumerDefinition>();
                bus.AddConsumer<ParticipantNotSelectedConsumer, ParticipantNotSelectedConsumerDefinition>();
                bus.AddConsumer<ParticipantWithdrawnConsumer, ParticipantWithdrawnConsumerDefinition>();
                bus.AddConsumer<ParticipationRecordedConsumer, ParticipationRecordedConsumerDefinition>();
                bus.AddConsumer<ParticipationCorrectedConsumer, ParticipationCorrectedConsumerDefinition>();
                bus.AddConsumer<ImpactRecordedConsumer, ImpactRecordedConsumerDefinition>();
                bus.AddConsumer<QuestionnaireSubmittedConsumer, QuestionnaireSubmittedConsumerDefinition>();
                bus.AddConsumer<InvolvementRequestSubmittedConsumer, InvolvementRequestSubmittedConsumerDefinition>();
                bus.AddConsumer<InvolvementRequestAssessedConsumer, InvolvementRequestAssessedConsumerDefinition>();
                bus.AddTrainingAndPaymentConsumers();
            });
        builder.Services.AddOptions<ReportingOptions>().BindConfiguration(ReportingOptions.Section);
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<ReportingOptions>>().Value.Problems()));
        builder.Services.AddSingleton<DeployedServices>();
        builder.Services.AddSingleton<MetricCatalog>();
        builder.Services.AddSingleton<MetricValueStore>();
        builder.Services.AddSingleton<MetricsRefresher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MetricsRefresher>());

        builder.Services.AddSingleton<BoardReportStore>();
        builder.Services.AddSingleton<IMetricFamily, MembershipFamily>();
        builder.Services.AddSingleton<IMetricFamily, DiversityFamily>();
        builder.Services.AddSingleton<IMetricFamily, ReachFamily>();
        builder.Services.AddSingleton<IMetricFamily, SpreadFamily>();
        builder.Services.AddSingleton<IMetricFamily, CommitteesFamily>();
        builder.Services.AddSingleton<IMetricFamily, ImpactFamily>();
        builder.AddTrainingAndPaymentMetrics();
        builder.AddReportingTargetsSubscriptionsAndRebuild();
    }

    /// <summary>Targets, WatchMetrics' shared change feed, snapshots on RabbitMQ, the event journal and the rebuild command.</summary>
    private static void AddReportingTargetsSubscriptionsAndRebuild(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TargetStore>();
        builder.Services.AddSingleton<TargetProgressReader>();
        builder.Services.AddSingleton<WatchedFigures>();
        builder.Services.AddSingleton<MetricChangeFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MetricChangeFeed>());
        builder.Services.AddSingleton<MetricsSnapshots>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MetricsSnapshots>());
        foreach (var consumer in typeof(ReportingApi).Assembly.GetTypes()
                     .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(IJournaledConsumer).IsAssignableFrom(t)))
        {
            builder.Services.AddSingleton(new JournaledConsumerType(consumer));
        }

        builder.Services.AddSingleton<ReadModelRebuild>();
        builder.Services.AddSingleton(new ServiceCommand("rebuild",
            "Empties the read models, replays the event journal through every consumer and recomputes every metric.",
            async (services, cancellationToken) =>
            {
                var result = await services.GetRequiredService<ReadModelRebuild>().RunAsync(cancellationToken);
                await Console.Out.WriteLineAsync(
                    $"Rebuilt {result.Tables.Count} read-model tables ({string.Join(", ", result.Tables)}) from {result.Events} journaled events; {result.FiguresChanged} figures changed.");
                return 0;
            }));
    }

    public static void MapReporting(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<ReportingApi>();
        app.MapGrpcService<MetricApi>();
        app.MapGrpcService<BoardReportApi>();
        app.MapGrpcService<TargetApi>();
    }
}
