using Involvement.BuildingBlocks.Configuration;
using Involvement.BuildingBlocks.Hosting;
using Involvement.BuildingBlocks.MemberDirectory;
using Involvement.Payments.Fees;
using Involvement.Payments.Policy;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Involvement.Payments;

public static class PaymentsExtensions
{
    public static void AddPayments(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(new ServiceInfo("Payments", typeof(PaymentsApi).Assembly), bus =>
        {
            bus.AddMemberDirectoryConsumers();
            bus.AddConsumer<OpportunityPublishedConsumer, OpportunityPublishedConsumerDefinition>();
            bus.AddConsumer<OpportunityChangedConsumer, OpportunityChangedConsumerDefinition>();
            bus.AddConsumer<OpportunityCancelledConsumer, OpportunityCancelledConsumerDefinition>();
            bus.AddConsumer<ParticipationRecordedConsumer, ParticipationRecordedConsumerDefinition>();
            bus.AddConsumer<ParticipationCorrectedConsumer, ParticipationCorrectedConsumerDefinition>();
            bus.AddConsumer<MemberArrivedForFeesConsumer, MemberArrivedForFeesConsumerDefinition>();
        });
        builder.Services.AddSingleton<RateCardStore>();
        builder.Services.AddSingleton<FeeEvaluator>();
        builder.Services.AddSingleton<FeeLineStore>();
        builder.Services.AddSingleton<OpportunityStore>();
        builder.Services.AddMemberDirectory();
        builder.Services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section);
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<PaymentsOptions>>().Value.Problems()));
    }

    public static void MapPayments(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<PaymentsApi>();
        app.MapGrpcService<RateCardApi>();
        app.MapGrpcService<FeeApi>();
    }
}
