using Involvement.BuildingBlocks.Hosting;
using Involvement.BuildingBlocks.Configuration;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Diversity;
using Involvement.Reporting.Membership;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Training;
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
                bus.AddTrainingAndPaymentConsumers();
            });
        builder.Services.AddOptions<ReportingOptions>().BindConfiguration(ReportingOptions.Section);
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<ReportingOptions>>().Value.Problems()));
        builder.Services.AddSingleton<DeployedServices>();
        builder.Services.AddSingleton<MetricCatalog>();
        builder.Services.AddSingleton<MetricValueStore>();
        builder.Services.AddSingleton<MetricsRefresher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MetricsRefresher>());
        builder.Services.AddSingleton<IMetricFamily, MembershipFamily>();
        builder.Services.AddSingleton<IMetricFamily, DiversityFamily>();
        builder.AddTrainingAndPaymentMetrics();
    }

    public static void MapReporting(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<ReportingApi>();
        app.MapGrpcService<MetricApi>();
    }
}
