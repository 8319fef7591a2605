using Involvement.BuildingBlocks.Hosting;
using Involvement.Reporting.Membership;
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
            });
    }

    public static void MapReporting(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<ReportingApi>();
    }
}
