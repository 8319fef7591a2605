using Involvement.BuildingBlocks.Configuration;
using Involvement.BuildingBlocks.Hosting;
using Involvement.BuildingBlocks.MemberDirectory;
using Involvement.Training.Certificates;
using Involvement.Training.Expiry;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Involvement.Training;

public static class TrainingExtensions
{
    public static void AddTraining(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(new ServiceInfo("Training", typeof(TrainingApi).Assembly), bus =>
        {
            bus.AddMemberDirectoryConsumers();
            bus.AddConsumer<CompletionRecordedByHandConsumer, CompletionRecordedByHandConsumerDefinition>();
        });
        builder.Services.AddMemberDirectory();
        builder.Services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.Section);
        builder.Services.AddSingleton<CertificateStore>();
        builder.Services.AddSingleton<ExpirySweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ExpirySweep>());
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<TrainingOptions>>().Value.Problems()));
    }

    public static void MapTraining(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGrpcService<TrainingApi>();
        app.MapGrpcService<CertificateApi>();
    }
}
